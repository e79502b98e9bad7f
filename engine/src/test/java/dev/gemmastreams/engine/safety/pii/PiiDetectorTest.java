package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class PiiDetectorTest {

    private final PiiDetector detector = new PiiDetector();

    @Test
    void returnsFindingsOfAllTypesSortedByStart() {
        String text = "IBAN BE68539007547034, mail x@example.com, card 4111 1111 1111 1111, SSN 536-22-1847, "
                + "ip 192.0.2.1, phone +44 20 7946 0958";
        assertThat(detector.detect(text)).extracting(Finding::type).containsExactly(
                PiiType.IBAN, PiiType.EMAIL, PiiType.CREDIT_CARD, PiiType.US_SSN, PiiType.IP_ADDRESS, PiiType.PHONE);
    }

    @Test
    void digitsOfACardAreNotAlsoAPhone() {
        String text = "tel 4111 1111 1111 1111";
        assertThat(detector.detect(text)).containsExactly(new Finding(PiiType.CREDIT_CARD, 4, 23));
    }

    @Test
    void digitsOfAnIbanAreNotAlsoAPhone() {
        String text = "Telefon DE89 3704 0044 0532 0130 00";
        assertThat(detector.detect(text)).extracting(Finding::type).containsExactly(PiiType.IBAN);
    }

    @Test
    void offsetsCountUtf16UnitsOfEmojiBeforeThePii() {
        String text = "😀🎉 a@example.com";
        // Each emoji is a surrogate pair: two chars.
        assertThat(detector.detect(text)).containsExactly(new Finding(PiiType.EMAIL, 5, 18));
        assertThat(text.substring(5, 18)).isEqualTo("a@example.com");
    }

    @Test
    void offsetsAreCorrectAfterSupplementaryLetters() {
        String text = "𝒜𝓁𝒾𝒸𝑒 4111111111111111";
        Finding card = detector.detect(text).getFirst();
        assertThat(card.textIn(text)).isEqualTo("4111111111111111");
        assertThat(card.start()).isEqualTo(11);
    }

    @Test
    void emptyTextHasNoFindings() {
        assertThat(detector.detect("")).isEmpty();
    }

    @Test
    void nullTextHasNoFindings() {
        assertThat(detector.detect(null)).isEmpty();
    }

    @Test
    void binaryGarbageDoesNotThrow() {
        Random random = new Random(42);
        StringBuilder garbage = new StringBuilder();
        for (int i = 0; i < 200_000; i++) {
            garbage.append((char) random.nextInt(0x10000)); // includes NULs and unpaired surrogates
        }
        List<Finding> findings = detector.detect(garbage.toString());
        assertThat(findings).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(garbage.length()));
    }

    @Test
    void bytesDecodedAsLatin1DoNotThrow() {
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThat(detector.detect(text)).isNotNull();
    }

    @Test
    void mixedScriptsKeepLatinPiiApart() {
        String text = "Ελληνικά Русский 日本語 العربية 電話+81 3-1234-5678、メールyamada@example.jp";
        assertThat(detector.detect(text)).extracting(f -> f.textIn(text))
                .containsExactly("+81 3-1234-5678", "yamada@example.jp");
    }

    @Test
    void oneMegabyteFullOfPiiIsScannedInOnePass() {
        String paragraph = "Mail jane.roe+%d@example.com or call +44 20 7946 0958. Card 4111 1111 1111 1111, "
                + "IBAN DE89 3704 0044 0532 0130 00, SSN 536-22-1847, host 192.0.2.44 and 2001:db8::7. "
                + "Version 10.0.19045 on 2024-03-15, order 4111 1111 1111 1112.\n";
        StringBuilder text = new StringBuilder();
        int paragraphs = 0;
        while (text.length() < 1_000_000) {
            text.append(paragraph.formatted(paragraphs++));
        }
        String document = text.toString();
        detector.detect(paragraph); // load libphonenumber metadata outside the timing
        long started = System.nanoTime();
        List<Finding> findings = detector.detect(document);
        long millis = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("PII scan of %,d chars (%,d paragraphs): %,d findings in %,d ms%n",
                document.length(), paragraphs, findings.size(), millis);
        assertThat(findings).hasSize(paragraphs * 7);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void megabyteOfRepeatedNumberLikeTokensCompletes() {
        // Worst cases met while writing the detector: a regex stack overflow on "1.1.1...", libphonenumber trying
        // every window of "1 1 1 ...", a parse per digit and region of "1,1,1,..." (two minutes a megabyte). Each
        // must finish without an error; the time is printed, and only a scan gone back to minutes hits the timeout.
        for (String unit : List.of("1.", "1 ", "1-", "a@", "::", "+1 ", "4111", "1,", "1|", "12 34 56 78 ")) {
            String document = unit.repeat(1_000_000 / unit.length());
            long started = System.nanoTime();
            List<Finding> findings = detector.detect(document);
            System.out.printf("PII scan of 1 MB of '%s': %d findings in %,d ms%n",
                    unit, findings.size(), (System.nanoTime() - started) / 1_000_000);
            assertThat(findings).allSatisfy(f -> assertThat(f.end()).isLessThanOrEqualTo(document.length()));
        }
    }

    @Test
    void readsFullWidthAndArabicIndicDigitsAsDigitsWithTheOriginalSpans() {
        String card = "カード番号 ４９７２ ２００３ ３２２４ ５３８２";
        assertThat(detector.detect(card)).containsExactly(new Finding(PiiType.CREDIT_CARD, 6, card.length()));
        String phone = "تماس ۰۹۱۲ ۳۴۵ ۶۷۸۹";
        assertThat(detector.detect(phone)).containsExactly(new Finding(PiiType.PHONE, 5, phone.length()));
    }

    @Test
    void theNumberInASipUrisUserPartIsAPhoneNotAMailbox() {
        String text = "INVITE sip:+442079460321@pbx.example.net SIP/2.0";
        assertThat(detector.detect(text)).extracting(f -> f.type() + "=" + f.textIn(text))
                .containsExactly("PHONE=+442079460321");
    }
}
