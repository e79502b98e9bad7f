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

    private static final Pattern DATE = Pattern.compile(
            "(?<![\\d.])(?:\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4})(?![\\d.])");
    private static final Pattern DOTTED_NUMBER = Pattern.compile("(?<![\\d.])\\d+(?:\\.\\d+){2,}(?![\\d.])");

    private PhoneNoiseMask() {
    }

    static void maskNonPhones(String text, MaskedText masked) {
        Matcher date = DATE.matcher(text);
        while (date.find()) {
            masked.mask(date.start(), date.end());
        }
        Matcher dotted = DOTTED_NUMBER.matcher(text);
        while (dotted.find()) {
            if (PhoneCandidateFilter.isDottedNonPhone(dotted.group())) {
                masked.mask(dotted.start(), dotted.end());
            }
        }
        for (DigitGroupRun run : DigitGroupRun.findAll(text, " -")) {
            maskCardLayouts(run, masked);
        }
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
