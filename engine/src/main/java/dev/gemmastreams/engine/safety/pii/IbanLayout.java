package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Text laid out like an IBAN (an IBAN country's letters, two check digits, groups), whether or not its check digits
 * are right. Its digits are an account number: never a card or a phone, even when the IBAN itself is invalid.
 */
final class IbanLayout {

    private static final Pattern LAYOUT = Pattern.compile(
            "(?<![\\p{L}\\d])([A-Z]{2})\\d{2}(?: {0,2}[A-Z0-9]{4}){2,8}(?: {0,2}[A-Z0-9]{1,3})?(?![\\p{L}\\d])");

    private IbanLayout() {
    }

    /** [start, end) of every IBAN-shaped stretch, left to right. */
    static List<int[]> spans(String text) {
        List<int[]> spans = new ArrayList<>();
        Matcher matcher = LAYOUT.matcher(text);
        while (matcher.find()) {
            if (IbanRegistry.lengthOf(matcher.group(1)) > 0) {
                spans.add(new int[] {matcher.start(), matcher.end()});
            }
        }
        return spans;
    }

    static boolean covers(List<int[]> spans, int start, int end) {
        for (int[] span : spans) {
            if (span[0] <= start && end <= span[1]) {
                return true;
            }
        }
        return false;
    }
}
