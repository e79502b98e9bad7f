package dev.gemmastreams.engine.safety.pii;

/**
 * UN/EDIFACT segments ("NAD+BY+5412345000013::9++Example Retail'", "COM+0044 20 7946 0381:TE'"): a three-letter
 * tag, then "+" between data elements, and a "'" ending the segment. The phone and e-mail detectors both read
 * such lines, whose "+" is a separator, not an international prefix or part of a mailbox.
 */
final class EdifactSegments {
    private EdifactSegments() {
    }

    /** Whether a segment tag (three capitals and "+") starts at {@code start}. */
    static boolean tagAt(String text, int start) {
        if (start < 0 || start + 3 >= text.length()) {
            return false;
        }
        for (int i = start; i < start + 3; i++) {
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return text.charAt(start + 3) == '+';
    }
}
