package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * IBANs in upper case, compact ({@code DE89370400440532013000}) or printed in groups of four separated by single
 * spaces ({@code DE89 3704 0044 0532 0130 00}), or by two where OCR or justified print widened a gap. The country
 * fixes the length, mod-97 proves the check digits.
 */
public final class IbanDetector implements PiiTypeDetector {

    @Override
    public PiiType type() {
        return PiiType.IBAN;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i + 4 <= n) {
            if (isIbanStart(text, i)) {
                int end = matchEnd(text, i, IbanRegistry.lengthOf(text.substring(i, i + 2)));
                if (end > 0) {
                    findings.add(new Finding(PiiType.IBAN, i, end));
                    i = end;
                    continue;
                }
            }
            i++;
        }
        return findings;
    }

    /** Country letters, two check digits, at a word start, for a country that uses IBANs. */
    private static boolean isIbanStart(String text, int i) {
        return CharClasses.isAsciiUpper(text.charAt(i)) && CharClasses.isAsciiUpper(text.charAt(i + 1))
                && CharClasses.isAsciiDigit(text.charAt(i + 2)) && CharClasses.isAsciiDigit(text.charAt(i + 3))
                && !CharClasses.isWordCharAt(text, i - 1)
                && IbanRegistry.lengthOf(text.substring(i, i + 2)) > 0;
    }

    /** End index of a valid IBAN of {@code length} characters starting at {@code start}, or -1. */
    private static int matchEnd(String text, int start, int length) {
        int compactEnd = collect(text, start, length, false);
        if (compactEnd > 0) {
            return compactEnd;
        }
        return collect(text, start, length, true);
    }

    private static int collect(String text, int start, int length, boolean grouped) {
        StringBuilder compact = new StringBuilder(length);
        int i = start;
        int n = text.length();
        while (compact.length() < length) {
            if (grouped && compact.length() > 0 && compact.length() % 4 == 0) {
                if (i >= n || text.charAt(i) != ' ') {
                    return -1;
                }
                i++;
                if (i < n && text.charAt(i) == ' ') {
                    i++; // a widened gap, not a second field: the group and mod-97 must still fit
                }
            }
            if (i >= n) {
                return -1;
            }
            char c = text.charAt(i);
            if (!CharClasses.isAsciiDigit(c) && !CharClasses.isAsciiUpper(c)) {
                return -1;
            }
            compact.append(c);
            i++;
        }
        if (CharClasses.isWordCharAt(text, i)) {
            return -1; // longer than the country's IBAN: some other identifier
        }
        return IbanRegistry.isValid(compact.toString()) ? i : -1;
    }
}
