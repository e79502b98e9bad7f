package dev.gemmastreams.engine.safety.pii;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13 to 19 digits, compact or in groups separated by single spaces or dashes, passing the Luhn
 * check and starting with a known issuer prefix.
 *
 * <p>The text is cut into runs of digit groups; a compact number must be a whole run (a 13–19 digit window inside
 * a longer number is not a card), a grouped number must follow a printed card layout (4-4-4-4[-1..4], Amex 4-6-5,
 * Diners 4-6-4) and may sit inside a longer run, e.g. after a quantity or before an expiry month. Digits inside an
 * IBAN's layout are an account number, even when the IBAN's check digits are wrong. A 4-4-4-4 number whose print
 * wrapped once at a group boundary ("2720 4831\n2082 2534") is read whole; the Luhn check and issuer prefix on
 * all sixteen digits keep two table cells that happen to stand on consecutive lines out. A reservation system's
 * form of payment writes the card glued to "CC" and the issuer's two-letter code ("FP CCVI4111111111111111/0127"):
 * the digits after the code are read as a compact card. A card read out digit by digit, as a call transcript or a
 * form keyed from one writes it ("Card number 4 1 9 9 9 2 ..."), is read whole only after a card label or before
 * a scheme's name ("..., American Express"): without one, thirteen spaced digits are as likely a table row or a
 * keypad log. Four groups of four with dots or slashes throughout ("6362.9487.6286.7702", "5555/7975/6691/2811")
 * are read as a card when they are the whole run; a JAN/EAN/GTIN/UPC/ISBN label before a number rules it out.
 */
public final class CreditCardDetector implements PiiTypeDetector {

    private static final int MIN_DIGITS = 13;
    private static final int MAX_DIGITS = 19;

    /**
     * GDS form-of-payment codes: CC, then the issuer (AX Amex, VI Visa, CA/MC Mastercard, DC Diners, DS Discover,
     * JC JCB, TP UATP), then the number, then usually "/" and the expiry.
     */
    private static final Pattern GDS_CARD = Pattern.compile(
            "(?<![\\p{L}\\d])CC(?:AX|VI|CA|MC|DC|DS|JC|TP)(\\d{" + MIN_DIGITS + "," + MAX_DIGITS + "})(?!\\d)");

    /**
     * A card word just before a number read out digit by digit: card, its words in other languages, a scheme's name,
     * perhaps its "number" ("Card number", "numéro de carte", "Visa no.").
     */
    private static final Pattern CARD_LABEL_BEFORE = Pattern.compile(
            "(?iU)\\b(?:card|cards|carte|karte|kartennummer|kreditkarte|tarjeta|cartão|cartao|carta|kart|kartu|kaart"
                    + "|visa|mastercard|master\\s?card|amex|american\\s+express|discover|maestro|jcb|diners|unionpay"
                    + "|elo|rupay|mir|pan)"
                    + "(?:\\s+(?:number|no\\.?|nr\\.?|num\\.?|#|is|was|reads?))*"
                    // "card in fixture is 4 0 2 ...": up to two short words between the card word and its "is"
                    + "(?:(?:\\s+\\p{L}{1,12}){1,2}\\s+(?:is|was))?[^\\p{L}\\d]{0,4}$");
    private static final int CARD_LABEL_WINDOW = 32;

    /**
     * "it's 3 4 4 4 ... 3 4, American Express": a scheme named right after the read-out digits labels them as well
     * as a card word before them. Only scheme names: "card" after digits is as often a card reader or a loyalty card.
     */
    private static final Pattern CARD_SCHEME_AFTER = Pattern.compile(
            "(?i)[\\s,;:()-]{0,3}(?:visa|mastercard|master\\s?card|amex|american\\s+express|discover|jcb|diners"
                    + "|unionpay|maestro|rupay)\\b");

    /**
     * A product code's label just before a compact number: a JAN/EAN/GTIN/UPC barcode or an ISBN is Luhn-like
     * (mod 10) and a 13-digit JAN starting with 49 looks like a Visa, but the label says what it is. JAN in capitals
     * only (after NFKC, so full-width ＪＡＮ too): "Jan" is a name and a month.
     */
    private static final Pattern PRODUCT_CODE_LABEL_BEFORE = Pattern.compile(
            "(?i)\\b(?:(?-i:JAN)|ean|ean-?13|gtin|gtin-?13|upc|isbn|barcode)(?:\\s*(?:code|no\\.?|nr\\.?|#))?[\\s:#.=-]{0,3}$");
    private static final int PRODUCT_CODE_LABEL_WINDOW = 20;

    @Override
    public PiiType type() {
        return PiiType.CREDIT_CARD;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " -")) {
            findInRun(text, run, findings);
        }
        findWrappedAtLineBreak(text, findings);
        findAfterFormOfPaymentCode(text, findings);
        findReadOutDigitByDigit(text, findings);
        findDottedOrSlashed(text, findings);
        findings.removeIf(card -> isAfterProductCodeLabel(text, card.start()));
        if (!findings.isEmpty()) {
            List<int[]> ibans = IbanLayout.spans(text);
            findings.removeIf(card -> IbanLayout.covers(ibans, card.start(), card.end()));
        }
        return findings;
    }

    /**
     * "6362.9487.6286.7702", "5555/7975/6691/2811": exactly four groups of four with one separator, a dot or a slash
     * throughout, and the whole run (not a window of a longer dotted number, which is more likely a version or a
     * date path); Luhn and issuer prefix as for any card.
     */
    private static void findDottedOrSlashed(String text, List<Finding> findings) {
        if (text.indexOf('.') < 0 && text.indexOf('/') < 0) {
            return;
        }
        List<Finding> found = new ArrayList<>();
        for (DigitGroupRun run : DigitGroupRun.findAll(text, "./")) {
            if (run.groupCount() != 4 || !run.sameSeparatorBetween(text, 0, 3)) {
                continue;
            }
            boolean fourByFour = true;
            for (int g = 0; g < 4; g++) {
                fourByFour &= run.groupLength(g) == 4;
            }
            int start = run.groupStart(0);
            int end = run.groupEnd(3);
            if (fourByFour && isCard(run.digits(text, 0, 3)) && !overlapsAny(findings, start, end)) {
                found.add(new Finding(PiiType.CREDIT_CARD, start, end));
            }
        }
        findings.addAll(found);
        findings.sort(Comparator.comparingInt(Finding::start));
    }

    private static boolean isAfterProductCodeLabel(String text, int start) {
        String before = Normalizer.normalize(
                text.substring(Math.max(0, start - PRODUCT_CODE_LABEL_WINDOW), start), Normalizer.Form.NFKC);
        return PRODUCT_CODE_LABEL_BEFORE.matcher(before).find();
    }

    /** 13 to 19 single digits, single spaces between them, after a card label: the whole run is the number. */
    private static void findReadOutDigitByDigit(String text, List<Finding> findings) {
        List<Finding> spoken = new ArrayList<>();
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " ")) {
            int groups = run.groupCount();
            if (groups < MIN_DIGITS || groups > MAX_DIGITS || !allSingleDigits(run)) {
                continue;
            }
            int start = run.groupStart(0);
            int end = run.groupEnd(groups - 1);
            String before = text.substring(Math.max(0, start - CARD_LABEL_WINDOW), start);
            if (isCard(run.digits(text, 0, groups - 1)) && !overlapsAny(findings, start, end)
                    && (CARD_LABEL_BEFORE.matcher(before).find()
                            || CARD_SCHEME_AFTER.matcher(text).region(end, text.length()).lookingAt())) {
                spoken.add(new Finding(PiiType.CREDIT_CARD, start, end));
            }
        }
        findings.addAll(spoken);
        findings.sort(Comparator.comparingInt(Finding::start));
    }

    private static boolean allSingleDigits(DigitGroupRun run) {
        for (int g = 0; g < run.groupCount(); g++) {
            if (run.groupLength(g) != 1) {
                return false;
            }
        }
        return true;
    }

    private static void findAfterFormOfPaymentCode(String text, List<Finding> findings) {
        if (text.indexOf("CC") < 0) {
            return;
        }
        Matcher code = GDS_CARD.matcher(text);
        while (code.find()) {
            if (isCard(code.group(1)) && !overlapsAny(findings, code.start(1), code.end(1))) {
                findings.add(new Finding(PiiType.CREDIT_CARD, code.start(1), code.end(1)));
            }
        }
        findings.sort(Comparator.comparingInt(Finding::start));
    }

    private static void findWrappedAtLineBreak(String text, List<Finding> findings) {
        if (text.indexOf('\n') < 0) {
            return;
        }
        List<Finding> wrapped = new ArrayList<>();
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " \n")) {
            for (int first = 0; first + 3 < run.groupCount(); first++) {
                int last = first + 3;
                if (isWrappedFourByFour(text, run, first, last) && isCard(run.digits(text, first, last))
                        && !overlapsAny(findings, run.groupStart(first), run.groupEnd(last))) {
                    wrapped.add(new Finding(PiiType.CREDIT_CARD, run.groupStart(first), run.groupEnd(last)));
                    first = last;
                }
            }
        }
        findings.addAll(wrapped);
        findings.sort(Comparator.comparingInt(Finding::start));
    }

    /** Four groups of four digits, single spaces between them but for exactly one line break. */
    private static boolean isWrappedFourByFour(String text, DigitGroupRun run, int first, int last) {
        int breaks = 0;
        for (int g = first; g <= last; g++) {
            if (run.groupLength(g) != 4) {
                return false;
            }
            if (g < last && text.charAt(run.groupEnd(g)) == '\n') {
                breaks++;
            }
        }
        return breaks == 1;
    }

    private static boolean overlapsAny(List<Finding> findings, int start, int end) {
        for (Finding f : findings) {
            if (f.start() < end && start < f.end()) {
                return true;
            }
        }
        return false;
    }

    private void findInRun(String text, DigitGroupRun run, List<Finding> findings) {
        int groupCount = run.groupCount();
        int first = 0;
        while (first < groupCount) {
            int last = longestCardEndingAt(text, run, first);
            if (last >= 0) {
                findings.add(new Finding(PiiType.CREDIT_CARD, run.groupStart(first), run.groupEnd(last)));
                first = last + 1;
            } else {
                first++;
            }
        }
    }

    /** Index of the last group of the longest card starting at group {@code first}, or -1. */
    private int longestCardEndingAt(String text, DigitGroupRun run, int first) {
        int groupCount = run.groupCount();
        if (groupCount == 1) {
            return isCard(run.digits(text, 0, 0)) ? 0 : -1;
        }
        int best = -1;
        int digits = 0;
        for (int last = first; last < groupCount && digits <= MAX_DIGITS; last++) {
            digits += run.groupLength(last);
            if (last > first && digits >= MIN_DIGITS && digits <= MAX_DIGITS
                    && run.sameSeparatorBetween(text, first, last)
                    && isPrintedCardLayout(run, first, last)
                    && isCard(run.digits(text, first, last))) {
                best = last;
            }
        }
        return best;
    }

    private static boolean isPrintedCardLayout(DigitGroupRun run, int first, int last) {
        int groups = last - first + 1;
        if (run.groupLength(first) != 4) {
            return false;
        }
        if (groups == 3 && run.groupLength(first + 1) == 6) {
            int tail = run.groupLength(last);
            return tail == 5 || tail == 4; // Amex 4-6-5, Diners 4-6-4
        }
        for (int g = first; g < last; g++) {
            if (run.groupLength(g) != 4) {
                return false;
            }
        }
        return groups >= 4; // 4-4-4-4 plus an optional short tail group (13 and 17-19 digit cards)
    }

    private static boolean isCard(String digits) {
        return digits.length() >= MIN_DIGITS && digits.length() <= MAX_DIGITS
                && CardIssuers.isPlausibleCardNumber(digits) && Luhn.isValid(digits);
    }
}
