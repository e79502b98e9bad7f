package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * IBANs in upper case (or wholly in lower case, as typed into chats and forms: {@code de89 3704 ...}), compact ({@code DE89370400440532013000}) or printed in groups of four separated by single
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
                boolean lower = Character.isLowerCase(text.charAt(i));
                String country = text.substring(i, i + 2).toUpperCase(Locale.ROOT);
                int end = matchEnd(text, i, IbanRegistry.lengthOf(country), lower);
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
        boolean lower = isAsciiLower(text.charAt(i));
        return isLetterOfCase(text.charAt(i), lower) && isLetterOfCase(text.charAt(i + 1), lower)
                && CharClasses.isAsciiDigit(text.charAt(i + 2)) && CharClasses.isAsciiDigit(text.charAt(i + 3))
                && !CharClasses.isWordCharAt(text, i - 1)
                && IbanRegistry.lengthOf(text.substring(i, i + 2).toUpperCase(Locale.ROOT)) > 0;
    }

    private static boolean isAsciiLower(char c) {
        return c >= 'a' && c <= 'z';
    }

    private static boolean isLetterOfCase(char c, boolean lower) {
        return lower ? isAsciiLower(c) : CharClasses.isAsciiUpper(c);
    }

    /** End index of a valid IBAN of {@code length} characters starting at {@code start}, or -1. */
    private static int matchEnd(String text, int start, int length, boolean lower) {
        int compactEnd = collect(text, start, length, false, lower);
        if (compactEnd > 0) {
            return compactEnd;
        }
        return collect(text, start, length, true, lower);
    }

    /** Letters must all be of the case the country code has: "DE89 3704 0044 0532 0130 00" or all lower case. */
    private static int collect(String text, int start, int length, boolean grouped, boolean lower) {
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
            if (!CharClasses.isAsciiDigit(c) && !isLetterOfCase(c, lower)) {
                return -1;
            }
            compact.append(Character.toUpperCase(c));
            i++;
        }
        if (CharClasses.isWordCharAt(text, i)) {
            return -1; // longer than the country's IBAN: some other identifier
        }
        return IbanRegistry.isValid(compact.toString()) ? i : -1;
    }
}
