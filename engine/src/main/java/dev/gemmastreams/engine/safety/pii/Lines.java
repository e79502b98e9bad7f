package dev.gemmastreams.engine.safety.pii;

/**
 * Finding the line around an offset without reading the whole line: a hostile document can be one line a megabyte
 * long, and a look-back per candidate over all of it would make a scan quadratic.
 */
final class Lines {

    private Lines() {
    }

    /** Where the line holding {@code index} starts, or -1 when that is more than {@code maxBack} characters back. */
    static int startWithin(String text, int index, int maxBack) {
        int limit = Math.max(0, index - maxBack);
        for (int i = index - 1; i >= limit; i--) {
            if (text.charAt(i) == '\n') {
                return i + 1;
            }
        }
        return limit == 0 ? 0 : -1;
    }

    /** Where the line starting at {@code start} ends, or -1 when it runs on for more than {@code maxLength}. */
    static int endWithin(String text, int start, int maxLength) {
        int limit = Math.min(text.length(), start + maxLength);
        for (int i = start; i < limit; i++) {
            if (text.charAt(i) == '\n') {
                return i;
            }
        }
        return limit == text.length() ? limit : -1;
    }
}
