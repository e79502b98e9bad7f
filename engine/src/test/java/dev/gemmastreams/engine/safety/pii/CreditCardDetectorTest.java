package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditCardDetectorTest {

    private final CreditCardDetector detector = new CreditCardDetector();

    @Test
    void findsCardInGroupsOfFourSeparatedBySpaces() {
        assertThat(found(detector, "card 4111 1111 1111 1111 ok")).containsExactly("4111 1111 1111 1111");
    }

    @Test
    void findsCardSeparatedByDashes() {
        assertThat(found(detector, "card 5555-5555-5555-4444")).containsExactly("5555-5555-5555-4444");
    }

    @Test
    void findsCompactCard() {
        assertThat(found(detector, "pan=4242424242424242;")).containsExactly("4242424242424242");
    }

    @Test
    void findsAmexInFourSixFiveLayout() {
        assertThat(found(detector, "Amex 3782 822463 10005")).containsExactly("3782 822463 10005");
    }

    @Test
    void findsNineteenDigitCardWithShortTailGroup() {
        assertThat(found(detector, "4917 6100 0000 0000 003")).containsExactly("4917 6100 0000 0000 003");
    }

    @Test
    void reportsUtf16OffsetsOfTheWholeNumber() {
        Finding finding = detector.detect("x 4111 1111 1111 1111").getFirst();
        assertThat(finding).isEqualTo(new Finding(PiiType.CREDIT_CARD, 2, 21));
    }

    @Test
    void rejectsNumberFailingLuhn() {
        assertThat(found(detector, "order 4111 1111 1111 1112")).isEmpty();
    }

    @Test
    void rejectsLuhnValidNumberWithoutKnownIssuerPrefix() {
        assertThat(found(detector, "id 1234567812345670")).isEmpty();
    }

    @Test
    void rejectsIssuerLengthMismatch() {
        // Amex prefix 37 with 16 digits: Luhn-valid construction but not an Amex length.
        assertThat(found(detector, "3700000000000007")).isEmpty();
    }

    @Test
    void rejectsMixedSeparators() {
        assertThat(found(detector, "4111 1111-1111 1111")).isEmpty();
    }

    @Test
    void rejectsCompactWindowInsideLongerDigitString() {
        assertThat(found(detector, "4111111111111111111111")).isEmpty();
    }

    @Test
    void findsGroupedCardBetweenQuantityAndExpiry() {
        assertThat(found(detector, "1 x 4111 1111 1111 1111 12 26")).containsExactly("4111 1111 1111 1111");
    }

    @Test
    void rejectsCardGluedToLetters() {
        assertThat(found(detector, "ref4111111111111111x")).isEmpty();
    }

    @Test
    void rejectsCardThatIsPartOfAnIdentifier() {
        assertThat(found(detector, "SN-4111-1111-1111-1111")).isEmpty();
    }

    @Test
    void findsCardNextToCjkText() {
        assertThat(found(detector, "カード4111111111111111です")).containsExactly("4111111111111111");
    }

    @Test
    void findsCardInCsvField() {
        assertThat(found(detector, "42,4111111111111111,12/26")).containsExactly("4111111111111111");
    }

    @Test
    void rejectsFifteenDigitNumberStartingWith4LikeAnImei() {
        assertThat(found(detector, "IMEI 490154203237518")).isEmpty();
    }

    @Test
    void ignoresTheDigitsOfAnIbanWithBadCheckDigits() {
        assertThat(found(detector, "IBAN FR00 4111 1111 1111 1111 2345 678 was refused")).isEmpty();
    }

    @Test
    void findsACardWhosePrintWrappedOnceAtAGroupBoundary() {
        assertThat(found(detector, "CARD NO: 2720 4831\n2082 2534 EXP 04/27")).containsExactly("2720 4831\n2082 2534");
        assertThat(found(detector, "CARD NO: 2720 4831\n2082 2535 EXP 04/27")).isEmpty();
        assertThat(found(detector, "2720 4831\n\n2082 2534")).isEmpty();
    }

    @Test
    void findsACardGluedToAReservationsFormOfPaymentCode() {
        assertThat(found(detector, "  5 FP CCAX349834557651041/0627/A123456")).containsExactly("349834557651041");
        assertThat(found(detector, "  7 FP CCVI4166286328541936733/1128")).containsExactly("4166286328541936733");
    }

    @Test
    void ignoresDigitsAfterAnUnknownPaymentCodeOrFailingLuhn() {
        assertThat(found(detector, "FP CCXX349834557651041/0627")).isEmpty();
        assertThat(found(detector, "FP CCVI4111111111111112/0627")).isEmpty();
    }

    @Test
    void findsAnEloCardInAnEloBinRange() {
        assertThat(found(detector, "Pagamento: Elo 6363 6888 6991 3079 · 3x")).containsExactly("6363 6888 6991 3079");
    }

    @Test
    void findsACardReadOutDigitByDigitAfterACardLabelOnly() {
        assertThat(found(detector, "Card number 4 1 9 9 9 2 5 9 6 7 2 4 7 3 5 5 read out by the caller"))
                .containsExactly("4 1 9 9 9 2 5 9 6 7 2 4 7 3 5 5");
        assertThat(found(detector, "keys 4 1 9 9 9 2 5 9 6 7 2 4 7 3 5 5 pressed")).as("no card label").isEmpty();
    }

    @Test
    void findsACardReadOutDigitByDigitBeforeItsSchemesName() {
        assertThat(found(detector, "the number is 4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1, Visa, expiring May"))
                .containsExactly("4 1 1 1 1 1 1 1 1 1 1 1 1 1 1 1");
    }

    @Test
    void findsACardReadOutDigitByDigitAfterACardWordAndAShortPhraseEndingInIs() {
        assertThat(found(detector, "Test card in fixture is 4 0 2 4 6 2 8 4 1 7 3 2 7 8 1 6 — please swap it"))
                .containsExactly("4 0 2 4 6 2 8 4 1 7 3 2 7 8 1 6");
    }

    @Test
    void findsAFourByFourCardWithDotsOrSlashesThroughout() {
        assertThat(found(detector, "cartão 4111.1111.1111.1111 – valor")).containsExactly("4111.1111.1111.1111");
        assertThat(found(detector, "tarjeta 5555/7975/6691/2811 (titular)")).containsExactly("5555/7975/6691/2811");
        assertThat(found(detector, "tarjeta 5555/7975.6691/2811")).as("mixed separators").isEmpty();
    }

    @Test
    void ignoresABarcodeNumberAfterAJanEanOrGtinLabel() {
        assertThat(found(detector, "ファームウェア 1.4.7.12　ＪＡＮ 4901234567894")).isEmpty();
        assertThat(found(detector, "EAN: 4901234567894")).isEmpty();
        assertThat(found(detector, "paid 4901234567894")).as("no label").containsExactly("4901234567894");
    }
}
