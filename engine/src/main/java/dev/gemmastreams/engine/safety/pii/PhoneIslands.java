package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The stretches of a text where libphonenumber could find a number at all. Its candidates are made only of digits,
 * its punctuation (spaces, dashes, dots, slashes, brackets, tildes, the extension "x") and a leading plus, so a
 * number never spans a comma, a pipe, a colon or a letter. A run of those characters with too few digits for any
 * phone number cannot hold one; reading it anyway is what made "1,1,1,..." or a CSV of short numbers cost
 * libphonenumber a parse per digit and per region.
 */
final class PhoneIslands {

    /** Characters of a phone candidate besides digits: libphonenumber's VALID_PUNCTUATION and its lead class. */
    private static final String PHONE_PUNCTUATION = "-xX\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u30FC\uFF0D\uFF0E\uFF0F"
            + " \u00A0\u00AD\u200B\u2060\u3000()\uFF08\uFF09\uFF3B\uFF3D.[]/~\u2053\u223C\uFF5E+\uFF0B";

    /**
     * libphonenumber drops "20240105 12" when ":30" follows it (a time stamp, its TIME_STAMPS guard): those minutes
     * must stay readable for it.
     */
    private static final Pattern TIME_STAMP = Pattern.compile("[12]\\d{3}[-/]?[01]\\d[-/]?[0-3]\\d +[0-2]\\d$");
    private static final Pattern MINUTES = Pattern.compile("[0-5]\\d");

    private PhoneIslands() {
    }

    /** A run longer than any written number is read in overlapping windows of this many characters. */
    static final int WINDOW = 256;
    /** Longer than any phone number as written ("+1 (555) 123-4567 x 1234"), so each lies whole in some window. */
    static final int OVERLAP = 48;

    /**
     * Runs of phone characters holding at least {@code minDigits} digits, each widened by {@code margin} characters
     * so that what stands around a number is still seen. A number never crosses the end of a run, so each run is
     * read on its own; a run longer than {@value #WINDOW} characters ("12 34 56 78 ..." down a whole page) is read
     * in windows, so that no single reading grows with the document.
     *
     * @return [start, end) pairs in text order
     */
    static List<int[]> of(CharSequence text, int minDigits, int margin) {
        return of(text, minDigits, margin, WINDOW);
    }

    /** As {@link #of(CharSequence, int, int)}, runs longer than {@code window} read in overlapping windows. */
    static List<int[]> of(CharSequence text, int minDigits, int margin, int window) {
        List<int[]> islands = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isPhoneChar(text.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            while (i < n && isPhoneChar(text.charAt(i))) {
                if (Character.isDigit(text.charAt(i))) {
                    digits++;
                }
                i++;
            }
            if (digits >= minDigits) {
                for (int from = start; ; from += window - OVERLAP) {
                    int to = (int) Math.min(i, (long) from + window);
                    islands.add(new int[] {Math.max(0, from - margin), Math.min(n, to + margin)});
                    if (to == i) {
                        break;
                    }
                }
            }
        }
        return islands;
    }

    /**
     * Blots out, in the masked copy, every run of phone characters with fewer than {@code minDigits} digits: no
     * region has a number that short, and what is left for libphonenumber's whole-text passes is then only where
     * a number can be. Runs are maximal, so the characters next to a remaining run are unchanged.
     */
    static void maskShortRuns(CharSequence view, MaskedText masked, int minDigits) {
        int n = view.length();
        int i = 0;
        int previousStart = -1;
        int previousEnd = -1;
        while (i < n) {
            if (!isPhoneChar(view.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            int digits = 0;
            while (i < n && isPhoneChar(view.charAt(i))) {
                if (Character.isDigit(view.charAt(i))) {
                    digits++;
                }
                i++;
            }
            boolean minutes = previousEnd >= 0 && previousEnd == start - 1 && view.charAt(previousEnd) == ':'
                    && MINUTES.matcher(view.subSequence(start, i)).lookingAt()
                    && TIME_STAMP.matcher(view.subSequence(previousStart, previousEnd)).find();
            if (digits > 0 && digits < minDigits && !minutes) {
                maskDigits(view, masked, start, i);
            }
            previousStart = start;
            previousEnd = i;
        }
    }

    /** Only the digits: the punctuation around them may still be the context of a neighbouring number. */
    private static void maskDigits(CharSequence view, MaskedText masked, int start, int end) {
        for (int k = start; k < end; k++) {
            if (Character.isDigit(view.charAt(k))) {
                masked.mask(k, k + 1);
            }
        }
    }

    static boolean isPhoneChar(char c) {
        return Character.isDigit(c) || PHONE_PUNCTUATION.indexOf(c) >= 0;
    }
}
