package dev.gemmastreams.engine.safety.pii;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Blots out number-like text that cannot be a phone number before libphonenumber sees it. Each candidate that
 * libphonenumber rejects costs it tens of microseconds (it tries every inner sub-match), so in a text dense with
 * dates, versions and card-like numbers this keeps the scan fast; the results are the same because
 * {@link PhoneCandidateFilter} would reject these anyway.
 */
final class PhoneNoiseMask {

    /** A date standing alone: not the first or last three groups of a longer run like "07-64-39-70-47". */
    private static final Pattern DATE = Pattern.compile(
            "(?<![\\d.])(?<!\\d[-/])(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4})"
                    + "(?![\\d.])(?![-/]\\d)");

    /**
     * A UPS tracking number ("1Z 4X7 30E 03 9845 1127", "1Z999AA10123456784"): "1Z" and sixteen letters and digits,
     * perhaps spaced; its last digit groups read like a phone number.
     */
    private static final Pattern UPS_TRACKING = Pattern.compile("\\b1Z(?: ?[0-9A-Z]){16}\\b");

    /**
     * A call's duration in a call record ("(212) 555-0188 4 min", "(11) 3071-0000 2min12s"): its digits would
     * otherwise join the number before it into one longer run that is no phone.
     */
    private static final Pattern CALL_DURATION = Pattern.compile(
            "(?<![\\p{L}\\d.,])\\d{1,3} ?min(?:s|utes?|utos?|uten)?(?:\\d{1,2} ?s(?:ec)?)?(?![\\p{L}\\d])");

    /** Five international numbers in a row, separated by spaces only, stay below this. */
    private static final int MAX_DIGITS_IN_PHONE_RUN = 64;

    private PhoneNoiseMask() {
    }

    static void maskNonPhones(String text, MaskedText masked) {
        Matcher date = DATE.matcher(text);
        while (date.find()) {
            masked.mask(date.start(), date.end());
        }
        Matcher duration = CALL_DURATION.matcher(text);
        while (duration.find()) {
            masked.mask(duration.start(), duration.end());
        }
        Matcher tracking = UPS_TRACKING.matcher(text);
        while (tracking.find()) {
            masked.mask(tracking.start(), tracking.end());
        }
        maskEdifactSeparators(text, masked);
        maskDottedNonPhones(text, masked);
        maskLongNumberRuns(text, masked);
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " -")) {
            maskCardLayouts(run, masked);
            maskSsnLayout(text, run, masked);
        }
        for (int[] iban : IbanLayout.spans(text)) {
            masked.mask(iban[0], iban[1]);
        }
    }

    /**
     * An EDIFACT segment line ({@link EdifactSegments}) ending in its "'": there "+" separates data elements and
     * is no international prefix, so it is masked: a GLN after it is no "+54..." number, while a phone element is
     * still read as written.
     */
    private static void maskEdifactSeparators(String text, MaskedText masked) {
        if (text.indexOf('\'') < 0 || text.indexOf('+') < 0) {
            return;
        }
        int lineStart = 0;
        int n = text.length();
        while (lineStart < n) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = n;
            }
            int last = lineEnd - 1;
            while (last > lineStart && Character.isWhitespace(text.charAt(last))) {
                last--;
            }
            if (lineEnd - lineStart > 4 && EdifactSegments.tagAt(text, lineStart) && text.charAt(last) == '\'') {
                for (int i = lineStart + 3; i < last; i++) {
                    if (text.charAt(i) == '+') {
                        masked.mask(i, i + 1);
                    }
                }
            }
            lineStart = lineEnd + 1;
        }
    }

    /**
     * Exactly AAA-GG-SSSS: the SSN layout, never how a phone number is written; the SSN detector has already taken
     * the valid ones, so what is left is an invalid SSN ("021-00-6691"), not a phone.
     */
    private static void maskSsnLayout(String text, DigitGroupRun run, MaskedText masked) {
        if (run.groupCount() == 3 && run.groupLength(0) == 3 && run.groupLength(1) == 2 && run.groupLength(2) == 4
                && text.charAt(run.groupEnd(0)) == '-' && text.charAt(run.groupEnd(1)) == '-') {
            masked.mask(run.groupStart(0), run.groupEnd(2));
        }
    }

    /**
     * Runs of digits and dots with two or more dots ("10.0.19045", "1.3.6.1.2.1") not grouped like a phone number.
     * A plain scan, not a regex: a repeated regex group recurses per repetition and overflows the stack on a long run.
     */
    private static void maskDottedNonPhones(String text, MaskedText masked) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!CharClasses.isAsciiDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            int dots = 0;
            while (end < n && (CharClasses.isAsciiDigit(text.charAt(end)) || text.charAt(end) == '.')) {
                if (text.charAt(end) == '.') {
                    dots++;
                }
                end++;
            }
            int trimmedEnd = end;
            while (trimmedEnd > i && text.charAt(trimmedEnd - 1) == '.') {
                trimmedEnd--;
                dots--;
            }
            if (dots >= 2 && PhoneCandidateFilter.isDottedNonPhone(text.substring(i, trimmedEnd))) {
                masked.mask(i, trimmedEnd);
            }
            i = end;
        }
    }

    /**
     * Stretches of digits joined only by spaces, dashes, parentheses and plus signs that hold more digits than a few
     * phone numbers could: number tables and dumps. libphonenumber would try every window of them, which on a
     * megabyte of "1 1 1 ..." takes seconds.
     */
    private static void maskLongNumberRuns(String text, MaskedText masked) {
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isRunChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            int digits = 0;
            while (end < n && isRunChar(text.charAt(end))) {
                if (CharClasses.isAsciiDigit(text.charAt(end))) {
                    digits++;
                }
                end++;
            }
            if (digits > MAX_DIGITS_IN_PHONE_RUN) {
                masked.mask(i, end);
            }
            i = end;
        }
    }

    private static boolean isRunChar(char c) {
        return CharClasses.isAsciiDigit(c) || c == ' ' || c == '-' || c == '(' || c == ')' || c == '+';
    }

    /** Four or more consecutive groups of exactly four digits: a card-like number, never a phone. */
    private static void maskCardLayouts(DigitGroupRun run, MaskedText masked) {
        int first = 0;
        while (first < run.groupCount()) {
            int last = first;
            while (last < run.groupCount() && run.groupLength(last) == 4) {
                last++;
            }
            if (last - first >= 4) {
                masked.mask(run.groupStart(first), run.groupEnd(last - 1));
            }
            first = last + 1;
        }
    }
}
