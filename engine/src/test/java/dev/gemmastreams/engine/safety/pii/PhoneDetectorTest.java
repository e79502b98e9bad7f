package dev.gemmastreams.engine.safety.pii;

import static dev.gemmastreams.engine.safety.pii.DetectorAssertions.found;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

class PhoneDetectorTest {

    private final PhoneDetector detector = new PhoneDetector();

    @Test
    void findsUsNationalFormat() {
        assertThat(found(detector, "call (201) 555-0123 today")).containsExactly("(201) 555-0123");
    }

    @Test
    void findsUkDramaNumberInInternationalForm() {
        assertThat(found(detector, "+44 20 7946 0958")).containsExactly("+44 20 7946 0958");
    }

    @Test
    void findsInternationalFormWhateverTheDefaultRegions() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(found(usOnly, "Berlin +49 30 901820")).containsExactly("+49 30 901820");
    }

    @Test
    void findsANumberOfAnotherCommonRegionGroupedTheWayThatRegionWritesIt() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(found(usOnly, "Oficina 961 99 52 23")).containsExactly("961 99 52 23");
    }

    @Test
    void ignoresANumberOfAnotherCommonRegionWithNeitherItsGroupingNorACue() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(found(usOnly, "Oficina 9619 952 23")).isEmpty();
    }

    @Test
    void findsANumberOfAnotherCommonRegionAfterAPhoneWord() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(found(usOnly, "Teléfono 9619 952 23")).containsExactly("9619 952 23");
    }

    @Test
    void theDocumentsLanguageTrustsTheRegionsWhereItIsSpoken() {
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        String text = "Oficina 9619 952 23";
        assertThat(usOnly.detect(text, List.of(), "es")).extracting(f -> f.textIn(text))
                .containsExactly("9619 952 23");
    }

    @Test
    void findsAFrenchNumberWrittenWithDashes() {
        assertThat(found(detector, "rappelez au 07-64-39-70-47")).containsExactly("07-64-39-70-47");
    }

    @Test
    void leavesTheExtensionOutOfTheNumber() {
        assertThat(found(detector, "clinic line 020 7946 0321 ext. 204")).containsExactly("020 7946 0321");
    }

    @Test
    void theVerbCallInAnotherLanguageIsACue() {
        assertThat(found(detector, "Helista 5123 4567 või kirjuta")).containsExactly("5123 4567");
        assertThat(found(detector, "5123 4567 või kirjuta")).isEmpty();
    }

    @Test
    void ignoresANumberAfterATaxLabel() {
        assertThat(found(detector, "Adószám 12345678-2-42, számla 2025/0417")).isEmpty();
    }

    @Test
    void findsAnInternationalNumberInARangeNotYetAssigned() {
        assertThat(found(detector, "text me on +44 7700 900543")).containsExactly("+44 7700 900543");
    }

    @Test
    void ignoresDigitsJoinedToAWordAsOneIdentifier() {
        assertThat(found(detector, "Invoice INV-2022-163162 is overdue")).isEmpty();
    }

    @Test
    void ignoresTheDigitsOfAnIbanWithBadCheckDigits() {
        assertThat(found(detector, "account DE00 3704 0044 0532 0130 00 was rejected")).isEmpty();
    }

    @Test
    void ignoresAnSsnLayout() {
        assertThat(found(detector, "the SSN 021-00-6691 is invalid")).isEmpty();
    }

    @Test
    void ignoresADottedVersionNotGroupedLikeAPhone() {
        assertThat(found(detector, "versión 52.53.59.26.33 del controlador")).isEmpty();
    }

    @Test
    void findsNationalFormOfConfiguredRegion() {
        PhoneDetector germany = new PhoneDetector(List.of("DE"));
        assertThat(found(germany, "Berlin 030 12345678")).containsExactly("030 12345678");
    }

    @Test
    void defaultRegionsAreUsGbDeFr() {
        assertThat(detector.defaultRegions()).containsExactly("US", "GB", "DE", "FR");
    }

    @Test
    void rejectsUnknownRegion() {
        assertThatThrownBy(() -> new PhoneDetector(List.of("XX"))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void ignoresDates() {
        assertThat(found(detector, "on 2024-03-15, 15.03.2024 or 03/15/2024")).isEmpty();
    }

    @Test
    void ignoresVersionNumbers() {
        assertThat(found(detector, "Windows 10.0.19045 and 1.2.3.4")).isEmpty();
    }

    @Test
    void ignoresOrderNumber() {
        assertThat(found(detector, "Order 2015550123 shipped")).isEmpty();
    }

    @Test
    void ignoresBareDigitsWithoutPhoneCue() {
        assertThat(found(detector, "ts=2015550123")).isEmpty();
    }

    @Test
    void acceptsBareDigitsAfterPhoneCue() {
        assertThat(found(detector, "tel: 2015550123")).containsExactly("2015550123");
    }

    @Test
    void acceptsFrenchDottedFormat() {
        assertThat(found(detector, "Portable : 06.12.34.56.78")).containsExactly("06.12.34.56.78");
    }

    @Test
    void ignoresTextWithoutDigits() {
        assertThat(found(detector, "no numbers here")).isEmpty();
    }

    @Test
    void ignoresSlashSeparatedCounters() {
        assertThat(found(detector, "fe be/srv1 0/0/1/2/3 200 512")).isEmpty();
    }

    @Test
    void skipsSpansClaimedByEarlierDetectors() {
        String text = "call +44 20 7946 0958";
        Finding claimed = new Finding(PiiType.CREDIT_CARD, 5, 21);
        assertThat(detector.detect(text, java.util.List.of(claimed))).isEmpty();
    }

    @Test
    void findsNumbersInAShortSpaceSeparatedList() {
        assertThat(found(detector, "Tel +44 20 7946 0958 +44 20 7946 0321 +1 201 555 0123"))
                .containsExactly("+44 20 7946 0958", "+44 20 7946 0321", "+1 201 555 0123");
    }

    @Test
    void ignoresLongNumberTables() {
        assertThat(found(detector, "12 34 56 78 ".repeat(20))).isEmpty();
    }

    @Test
    void ignoresAZipPlusFourCodeAfterAStateCodeOrAZipLabel() {
        assertThat(found(detector, "Boise, ID 83702-5519, United States")).isEmpty();
        assertThat(found(detector, "{\"zip\": \"83702-5519\"}")).isEmpty();
    }

    @Test
    void ignoresADrawAfterALotteryWordButNotTheSameDigitsAfterAPhoneWord() {
        assertThat(found(detector, "EuroMillions draw: 06 18 27 33 49")).isEmpty();
        assertThat(found(detector, "Tél. 06 18 27 33 49")).containsExactly("06 18 27 33 49");
    }

    @Test
    void ignoresAYearThenAMonthThenASerial() {
        assertThat(found(detector, "Akte 2023-11-4471 liegt vor")).isEmpty();
    }

    @Test
    void ignoresANumberAfterANumeroSignOrATaxOrCompanyLabel() {
        assertThat(found(detector, "Накладная № 030 12345678 получена")).isEmpty();
        assertThat(found(detector, "Numéro SIREN 732 829 320")).isEmpty();
    }

    @Test
    void ignoresTheDigitGroupsOfAUpsTrackingNumber() {
        assertThat(found(detector, "UPS 1Z 8V7 41A 03 4455 6677 arrives Monday")).isEmpty();
    }

    @Test
    void findsANumberAfterAPhoneWordAndAFewShortWords() {
        assertThat(found(detector, "ring til mig på 45 12 67 89")).containsExactly("45 12 67 89");
    }

    @Test
    void keepsTheRussianTrunkPrefixWithTheNumber() {
        assertThat(found(detector, "звоните 8 (812) 345-67-89")).containsExactly("8 (812) 345-67-89");
    }

    @Test
    void greekTextTrustsGreekNationalNumbers() {
        String text = "Γραφείο 231 045 6789";
        assertThat(detector.detect(text, List.of(), "el")).extracting(f -> f.textIn(text))
                .containsExactly("231 045 6789");
    }

    @Test
    void ignoresAnAmountWithItsCurrency() {
        assertThat(found(detector, "Le budget est de 234 567 890 euros.")).isEmpty();
        assertThat(found(detector, "Rozpočet 234 567 890 Kč na rok")).isEmpty();
        assertThat(found(detector, "wired $ 415 555 0199 by mistake")).isEmpty();
    }

    @Test
    void findsANumberAfterAHebrewPrefixLetterJoinedByAHyphen() {
        assertThat(found(detector, "תתקשרי ב-054-612-3456 מחר")).containsExactly("054-612-3456");
    }

    @Test
    void ignoresCellsOfAPastedTable() {
        assertThat(found(detector, "Schraube M6   1.000   0,04   4006381333931")).isEmpty();
    }

    @Test
    void ignoresAirlineTicketAndHealthServiceNumbers() {
        assertThat(found(detector, "e-billet 057 2412345678, EMD 016 2412345678")).isEmpty();
        assertThat(found(detector, "NHS Number: 943 476 5919, to rebook call 0115 924 9924"))
                .containsExactly("0115 924 9924");
    }

    @Test
    void arabicContactWordIsAPhoneCue() {
        assertThat(found(detector, "للتواصل 0501234567")).containsExactly("0501234567");
        assertThat(found(detector, "رقم الطلب 0501234567")).isEmpty();
    }

    @Test
    void findsAnInternationalNumberWhosePrintWrappedBeforeItsLastGroup() {
        assertThat(found(detector, "Tel: +44 20 7946\n0958  Fax: +44 20 7946 0959"))
                .containsExactly("+44 20 7946\n0958", "+44 20 7946 0959");
    }

    @Test
    void findsAVanityNumberAsWritten() {
        assertThat(found(detector, "Call 1-800-555-TAXI (8294) now")).containsExactly("1-800-555-TAXI");
        assertThat(found(detector, "order 1-800-FLOWERS today")).containsExactly("1-800-FLOWERS");
        assertThat(found(detector, "model 123-ABCD")).isEmpty();
    }

    @Test
    void anArabicCueKeepsItsArticleAndMayNameTheNumber() {
        assertThat(found(detector, "للحجز اتصل على الرقم الموحد 920012345")).containsExactly("920012345");
        assertThat(found(detector, "يرجى الاتصال على 0501234567")).containsExactly("0501234567");
    }

    @Test
    void aPortRangeIsNoPhone() {
        PhoneDetector english = new PhoneDetector(List.of("US", "GB", "DE", "FR", "SG"));
        assertThat(found(english, "allow tcp port 22,80,443,8080-8089")).isEmpty();
    }

    @Test
    void aBareNumberInParenthesesNeedsACueLikeAnyBareNumber() {
        PhoneDetector singapore = new PhoneDetector(List.of("SG"));
        assertThat(found(singapore, "Timeticks: (84163321) 9 days")).isEmpty();
        assertThat(found(singapore, "mobile (84163321)")).containsExactly("(84163321");
    }

    @Test
    void readsTheCommonRegionsOnlyUpToTheirBudgetOfDistinctIslands() {
        String number = "Telefone (51) 91783-6862";
        StringBuilder table = new StringBuilder();
        for (int row = 0; table.length() <= PhoneDetector.MAX_COMMON_REGION_CHARS; row++) {
            table.append("ref,").append(4_000_000 + row * 7).append('\n'); // distinct numbers no region's phones
        }
        PhoneDetector usOnly = new PhoneDetector(List.of("US"));
        assertThat(found(usOnly, number + "\n" + table)).containsExactly("(51) 91783-6862");
        assertThat(found(usOnly, table + number)).as("past the budget").isEmpty();
        assertThat(usOnly.detect(table + number, List.of(), "pt")).as("Portuguese text trusts Brazil").hasSize(1);
        assertThat(found(usOnly, table + "+55 51 91783-6862")).as("international form").hasSize(1);
    }

    @Test
    void aDateAndHourBeforeItsMinutesIsATimeStamp() {
        assertThat(found(detector, "at 20240105 12:30 ok")).isEmpty();
    }

    @Test
    void anIsbnLabelThatNamesItsLengthStillNamesABook() {
        assertThat(found(detector, "Refs: ISBN-10 0-306-40615-2, out now")).isEmpty();
        assertThat(found(detector, "Refs: 0-306-40615-2, out now")).containsExactly("0-306-40615-2");
    }

    @Test
    void aZipPlusFourAfterShipToIsAnAddress() {
        assertThat(found(detector, "Ship to 90210-1234, 10001")).isEmpty();
        assertThat(found(detector, "Tel 90210-1234, 10001")).containsExactly("90210-1234");
    }

    @Test
    void aNumberGluedByADotToATokenOfLettersAndDigitsIsAFieldOfAnIdentifier() {
        assertThat(found(detector, "Android 14 build UP1A.231005.007")).isEmpty();
        assertThat(found(detector, "Tel.030 1234567")).containsExactly("030 1234567");
    }

    @Test
    void anAirWaybillLabelNamesTheNumber() {
        assertThat(found(detector, "MAWB 020-12345675  PCS 12")).isEmpty();
        assertThat(found(detector, "Tel 020-12345675  PCS 12")).containsExactly("020-12345675");
    }

    @Test
    void specimenAndPolicyLabelsNameTheirNumbersEvenWrittenAsOneWordWithTheirNumber() {
        assertThat(found(detector, "Specimen 25-074-00417 collected 03/14/2025")).isEmpty();
        String dutch = "BSN 123456782 · Polisnummer 2025-0417-88 · Huisarts: 030 271 4455";
        assertThat(detector.detect(dutch, List.of(), "nl")).extracting(f -> f.textIn(dutch))
                .containsExactly("030 271 4455");
    }

    @Test
    void aClaimNeedsItsNumberWordToNameAClaimNumber() {
        assertThat(found(detector, "Claim number 020 7946 0958")).isEmpty();
        assertThat(found(detector, "Claims: 020 7946 0958")).containsExactly("020 7946 0958");
    }

    @Test
    void aMatchWhoseLastGroupIsASignedAmountIsNoPhone() {
        String statement = "14/03 PRLV SEPA ORANGE RUM 0417-2025 -39,99";
        assertThat(detector.detect(statement, List.of(), "fr")).isEmpty();
        assertThat(found(detector, statement)).isEmpty();
    }

    @Test
    void aCapitalOrCamelCaseLabelEndingInIdNamesAnIdentifier() {
        String vcard = "FN:Reception\nX-ABUID:8841-2290\nEND:VCARD";
        assertThat(detector.detect(vcard, List.of(), "en")).isEmpty();
        String phone = "FN:Reception\nTEL:8841-2290\nEND:VCARD";
        assertThat(detector.detect(phone, List.of(), "en")).extracting(f -> f.textIn(phone))
                .containsExactly("8841-2290");
    }

    @Test
    void findsTheNumberOfAReservationsContactElementWrittenWithoutItsPlus() {
        String pnr = "  5 FP CCAX349834557651041/0627/A123456\n  6 SSR CTCM AF HK1/33671234589/EN";
        assertThat(found(detector, pnr)).containsExactly("33671234589");
        assertThat(found(detector, "  6 SSR CTCM AF HK1/33071234589/EN")).as("no valid number with a plus").isEmpty();
    }

    @Test
    void aVatIdsCountryCodeBetweenItsLabelAndItsDigitsStillNamesAVatId() {
        assertThat(found(detector, "Amtsgericht Stuttgart HRB 723145 · USt-IdNr. DE 812 345 678")).isEmpty();
    }

    @Test
    void anAsPathListsAsNumbers() {
        assertThat(found(detector, "192.0.2.0/24 *[BGP/170] 3w2d 04:17:12\n    AS path: 65010 64496 I")).isEmpty();
    }

    @Test
    void theLastColumnOfABgpTableIsAnAsPath() {
        String table = "   Network          Next Hop            Metric LocPrf Weight Path\n"
                + "*> 10.1.0.0/16      198.51.100.1             0             0 65010 64496 i";
        assertThat(found(detector, table)).isEmpty();
    }

    @Test
    void digitsADashAndOneDigitAreACheckDigitNotAPhone() {
        String lab = "Lipid panel: LOINC 2093-3, 2085-9, 13457-7, 2571-8";
        assertThat(detector.detect(lab, List.of(), "en")).as("valid in Australia, trusted for English").isEmpty();
    }

    @Test
    void anArabicInvoiceLabelNamesItsNumber() {
        String invoice = "فاتورة ضريبية مبسطة رقم 2290-4417 · الإجمالي 115.00 ر.س";
        assertThat(detector.detect(invoice, List.of(), "ar")).as("valid in Kuwait, trusted for Arabic").isEmpty();
    }

    @Test
    void aHotlineIsAPhoneCue() {
        assertThat(found(detector, "Tổng cộng 1.250.000₫ · Hotline 1900 1234")).containsExactly("1900 1234");
    }

    @Test
    void aKoreanCustomerCentreIsAPhoneCue() {
        assertThat(found(detector, "인증번호를 입력해주세요. 고객센터 1577-4417")).containsExactly("1577-4417");
    }

    @Test
    void theInfoClosingAnSmsIsAPhoneCue() {
        assertThat(found(detector, "Teie pakk on pakiautomaadis. Info 627 1180.")).containsExactly("627 1180");
        assertThat(found(detector, "Teie pakk on pakiautomaadis. Kood 627 1180.")).as("bare, no cue").isEmpty();
    }

    @Test
    void latvianCallBackIsAPhoneCue() {
        assertThat(found(detector, "klients lūdz atzvanīt uz 2718 4402 vai rakstīt")).containsExactly("2718 4402");
    }

    @Test
    void georgianContactUsIsAPhoneCue() {
        assertThat(found(detector, "იყიდება ბინა. დაგვიკავშირდით: 599 41 72 28")).containsExactly("599 41 72 28");
    }

    @Test
    void georgianTextTrustsGeorgianNationalNumbers() {
        String text = "იყიდება ბინა თბილისში, 599 41 72 28";
        assertThat(detector.detect(text, List.of(), "ka")).extracting(f -> f.textIn(text))
                .containsExactly("599 41 72 28");
    }

    @Test
    void icelandicTextTrustsIcelandsNumbers() {
        String text = "Skrifstofan, Laugavegi 12: 552 7413";
        assertThat(detector.detect(text, List.of(), "is")).extracting(f -> f.textIn(text)).containsExactly("552 7413");
    }

    @Test
    void malteseTextTrustsMaltasNumbers() {
        String text = "Għal informazzjoni lill-uffiċċju fuq 2133 8810.";
        assertThat(detector.detect(text, List.of(), "mt")).extracting(f -> f.textIn(text)).containsExactly("2133 8810");
    }

    @Test
    void theNordicContactWordIsAPhoneCue() {
        assertThat(found(detector, "Selges billig, ta kontakt på 915 27 403")).containsExactly("915 27 403");
    }

    @Test
    void mongolianPhoneWordIsAPhoneCue() {
        assertThat(PhoneCandidateFilter.hasPhoneCueBefore("Утас: ", 6)).isTrue();
    }

    @Test
    void ignoresTheOneToZeroPlaceholder() {
        assertThat(found(detector, "Phone (e.g. (123) 456-7890 or 123-456-7890)")).isEmpty();
    }

    @Test
    void ignoresANumberAfterAFein() {
        assertThat(found(detector, "employer FEIN 98-7654321, wages 52,000")).isEmpty();
    }

    @Test
    void ignoresAnAadhaarNumber() {
        assertThat(found(detector, "Aadhaar 3391 2274 6618 on file")).isEmpty();
    }

    @Test
    void ignoresAPassportNumber() {
        assertThat(found(detector, "паспорт 40 11 558203, выдан 2019")).isEmpty();
    }

    @Test
    void ignoresANordicCompanyOrPersonalNumber() {
        assertThat(found(detector, "organisationsnummer 559011-2233")).isEmpty();
    }

    @Test
    void ignoresACanadianSinInCapitals() {
        assertThat(found(detector, "SIN 130 692 544 on the T4")).isEmpty();
    }

    @Test
    void ignoresASirenAfterRcsAndItsCity() {
        assertThat(found(detector, "RCS Lyon 812 345 673, capital 1 000 €")).isEmpty();
    }

    @Test
    void ignoresACroatianPaymentReference() {
        assertThat(found(detector, "poziv na broj HR00 551208-0731")).isEmpty();
    }

    @Test
    void ignoresABaggageTag() {
        assertThat(found(detector, "bag tag 0220 381196, belt 4")).isEmpty();
    }

    @Test
    void ignoresAKoreanListingOrOrderNumber() {
        assertThat(found(detector, "주문번호 2025-0318-22 배송 준비 중")).isEmpty();
    }

    @Test
    void ignoresANumberRightAfterASingularClaim() {
        assertThat(found(detector, "Claim 0331-27-118204 opened")).isEmpty();
    }

    @Test
    void readsThePlusInAnEdifactSegmentAsASeparatorNotAnInternationalPrefix() {
        assertThat(found(detector, "UNB+UNOA:2+5412345000013:14+4012345000009:14+261203:2114+447112'\n"
                + "LIN+1++5412345000013:EN'")).isEmpty();
        assertThat(found(detector, "Tel:+44 20 7946 0958'")).as("not a segment line").containsExactly("+44 20 7946 0958");
    }

    @Test
    void findsANumberInACallRecordBeforeTheCallsDuration() {
        assertThat(found(detector, "12/01 09:14 to (212) 555-0188 4 min $0.00")).containsExactly("(212) 555-0188");
        assertThat(found(detector, "03/11 14:22 (11) 3071-0000 2min12s R$ 0,00")).containsExactly("(11) 3071-0000");
    }

    @Test
    void ignoresANumberAfterAnAccountOrApplicationNumberLabel() {
        assertThat(found(detector, "Account 4471-12938-0")).isEmpty();
        String hindi = "ऋण आवेदन संख्या ४४७११२/२०२६ — आवेदक का मोबाइल: 98450 12367";
        assertThat(detector.detect(hindi, List.of(), "hi")).extracting(f -> f.textIn(hindi))
                .containsExactly("98450 12367");
    }
}
