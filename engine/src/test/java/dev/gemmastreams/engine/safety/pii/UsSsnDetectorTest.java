package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class UsSsnDetectorTest {

    private final UsSsnDetector detector = new UsSsnDetector();

    @Test
    void findsDashedNumber() {
        assertThat(found(detector, "SSN 536-22-1847.")).containsExactly("536-22-1847");
    }

    @Test
    void findsSpacedNumber() {
        assertThat(found(detector, "number 536 22 1847")).containsExactly("536 22 1847");
    }

    @Test
    void findsBareNineDigitsAfterLabel() {
        assertThat(found(detector, "SSN: 536221847")).containsExactly("536221847");
        assertThat(found(detector, "Social Security Number 536221847")).containsExactly("536221847");
    }

    @Test
    void ignoresBareNineDigitsWithoutLabel() {
        assertThat(found(detector, "ticket 536221847")).isEmpty();
    }

    @Test
    void rejectsArea000() {
        assertThat(found(detector, "000-12-3456")).isEmpty();
    }

    @Test
    void rejectsArea666() {
        assertThat(found(detector, "666-12-3456")).isEmpty();
    }

    @Test
    void rejectsArea9xx() {
        assertThat(found(detector, "912-34-5678 987-65-4320")).isEmpty();
    }

    @Test
    void rejectsGroup00() {
        assertThat(found(detector, "536-00-1847")).isEmpty();
    }

    @Test
    void rejectsSerial0000() {
        assertThat(found(detector, "536-22-0000")).isEmpty();
    }

    @Test
    void rejectsMixedSeparators() {
        assertThat(found(detector, "536-22 1847")).isEmpty();
    }

    @Test
    void rejectsLayoutInsideLongerNumber() {
        assertThat(found(detector, "1536-22-1847 536-22-18470")).isEmpty();
    }

    @Test
    void findsBareNineDigitsAfterALabelAndAShortParenthetical() {
        assertThat(found(detector, "SSN (no dashes): 287451190")).containsExactly("287451190");
    }

    @Test
    void rejectsAnSsnLayoutAfterAProductWord() {
        assertThat(found(detector, "replacement kit 412-33-1290 fits both models")).isEmpty();
    }

    @Test
    void findsBareDigitsInAColumnHeadedSsn() {
        assertThat(found(detector, "name,ssn\nA. Smith,536221847")).containsExactly("536221847");
        assertThat(found(detector, "name,employee_id\nA. Smith,536221847")).isEmpty();
    }

    @Test
    void findsBareNineDigitsAfterALabelThatClosesAFieldsParenthesis() {
        assertThat(found(detector, "1a. INSURED'S I.D. NUMBER (SSN): 163407719   4. NAME"))
                .containsExactly("163407719");
        assertThat(found(detector, "1a. INSURED'S I.D. NUMBER (MRN): 163407719   4. NAME")).isEmpty();
    }

    @Test
    void findsBareNineDigitsAfterALabelAndALongParenthetical() {
        assertThat(found(detector, "Social security number (as keyed by the vendor portal): 508291173"))
                .containsExactly("508291173");
    }

    @Test
    void aDashedNumberLabelledTinIsAnSsn() {
        assertThat(found(detector, "PAYER'S TIN 12-3456789  RECIPIENT'S TIN 441-72-2901  1 Nonemployee"))
                .containsExactly("441-72-2901");
    }

    @Test
    void aTinLabelDoesNotMakeBareNineDigitsAnSsn() {
        assertThat(found(detector, "TIN 441722901")).isEmpty();
    }

    @Test
    void findsNineBoxedDigitsRightAfterALabel() {
        assertThat(found(detector, "Your social security number 6 1 2 3 4 5 7 8 9 · Filing status"))
                .containsExactly("6 1 2 3 4 5 7 8 9");
    }

    @Test
    void nineBoxedDigitsWithoutALabelAreNoSsn() {
        assertThat(found(detector, "Lottery draw 6 1 2 3 4 5 7 8 9")).isEmpty();
    }

    @Test
    void findsAThreeTwoFourNumberAfterASpelledOutTaxpayerIdLabel() {
        assertThat(found(detector, "IRS Notice CP2000 – Taxpayer ID 219-44-7310 – Amount due $1,284.50"))
                .containsExactly("219-44-7310");
        assertThat(found(detector, "Taxpayer identification number: 219-44-7310")).containsExactly("219-44-7310");
    }
}
