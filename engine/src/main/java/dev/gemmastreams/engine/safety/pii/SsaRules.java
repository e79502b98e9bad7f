package dev.gemmastreams.engine.safety.pii;

/**
 * The Social Security Administration's rules for numbers it can have issued: area (first three digits) not 000,
 * 666 or 900–999; group (middle two) not 00; serial (last four) not 0000. Also not a number the SSA voided after it
 * was printed for all to see: 078-05-1120 (a wallet insert's sample card, 1938) and 219-09-9999 (an SSA leaflet's
 * sample), nor 123-45-6789, the placeholder forms and manuals print.
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
    private static final java.util.Set<String> VOIDED_OR_SAMPLE = java.util.Set.of("078051120", "219099999", "123456789");

    static boolean isIssuable(String nineDigits) {
        if (nineDigits.length() != 9 || VOIDED_OR_SAMPLE.contains(nineDigits)) {
            return false;
        }
        return isIssuable(Integer.parseInt(nineDigits, 0, 3, 10),
                Integer.parseInt(nineDigits, 3, 5, 10),
                Integer.parseInt(nineDigits, 5, 9, 10));
    }
}
