package dev.gemmastreams.engine.safety.pii;

/**
 * The Social Security Administration's rules for numbers it can have issued: area (first three digits) not 000,
 * 666 or 900–999; group (middle two) not 00; serial (last four) not 0000.
 */
final class SsaRules {

    private SsaRules() {
    }

    static boolean isIssuable(int area, int group, int serial) {
        return area != 0 && area != 666 && area < 900
                && group != 0
                && serial != 0;
    }

    /** Same check on nine ASCII digits. */
    static boolean isIssuable(String nineDigits) {
        if (nineDigits.length() != 9) {
            return false;
        }
        return isIssuable(Integer.parseInt(nineDigits, 0, 3, 10),
                Integer.parseInt(nineDigits, 3, 5, 10),
                Integer.parseInt(nineDigits, 5, 9, 10));
    }
}
