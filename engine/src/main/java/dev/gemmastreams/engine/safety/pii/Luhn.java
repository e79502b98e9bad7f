package dev.gemmastreams.engine.safety.pii;

/** The Luhn (mod 10) check digit test that every payment card number passes. */
final class Luhn {

    private Luhn() {
    }

    /** True when the ASCII digits pass the Luhn check; false for empty input or any non-digit. */
    static boolean isValid(CharSequence digits) {
        if (digits.isEmpty()) {
            return false;
        }
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            char c = digits.charAt(i);
            if (!CharClasses.isAsciiDigit(c)) {
                return false;
            }
            int d = c - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
