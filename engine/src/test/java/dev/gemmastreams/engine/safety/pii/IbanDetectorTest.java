package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IbanDetectorTest {

    private final IbanDetector detector = new IbanDetector();

    @Test
    void findsCompactIban() {
        assertThat(found(detector, "IBAN DE89370400440532013000.")).containsExactly("DE89370400440532013000");
    }

    @Test
    void findsIbanInGroupsOfFour() {
        assertThat(found(detector, "to GB82 WEST 1234 5698 7654 32 please"))
                .containsExactly("GB82 WEST 1234 5698 7654 32");
    }

    @Test
    void findsIbanWhoseLastGroupIsFull() {
        assertThat(found(detector, "BE68 5390 0754 7034")).containsExactly("BE68 5390 0754 7034");
    }

    @Test
    void rejectsWrongCheckDigits() {
        assertThat(found(detector, "DE88 3704 0044 0532 0130 00")).isEmpty();
    }

    @Test
    void rejectsIbanLongerThanItsCountryAllows() {
        assertThat(found(detector, "DE893704004405320130001")).isEmpty();
    }

    @Test
    void rejectsIrregularGrouping() {
        assertThat(found(detector, "DE89 37040044 0532 0130 00")).isEmpty();
    }

    @Test
    void rejectsIbanGluedToAWord() {
        assertThat(found(detector, "XDE89370400440532013000")).isEmpty();
    }

    @Test
    void findsTwoIbansInOneLine() {
        assertThat(found(detector, "NL91ABNA0417164300,BE68539007547034"))
                .containsExactly("NL91ABNA0417164300", "BE68539007547034");
    }

    @Test
    void findsIbanWithAGapWidenedToTwoSpaces() {
        assertThat(found(detector, "IBAN GB29 NWBK 6016  1331 9268 19  BIC NWBKGB2L"))
                .containsExactly("GB29 NWBK 6016  1331 9268 19");
    }

    @Test
    void rejectsGroupsThreeSpacesApart() {
        assertThat(found(detector, "GB29 NWBK 6016   1331 9268 19")).isEmpty();
    }

    @Test
    void findsAnIbanTypedWhollyInLowerCase() {
        assertThat(found(detector, "iban: de89 3704 0044 0532 0130 00")).containsExactly("de89 3704 0044 0532 0130 00");
        assertThat(found(detector, "iban: de89 3704 0044 0532 0130 01")).isEmpty();
        assertThat(found(detector, "iban: De89 3704 0044 0532 0130 00")).isEmpty();
        assertThat(found(detector, "de89370400440532013000")).containsExactly("de89370400440532013000");
    }
}
