package dev.gemmastreams.engine.safety.pii;

import java.util.List;

/**
 * Issuer identification number (IIN) ranges of the major card schemes with their card lengths. A Luhn-valid number
 * outside these ranges is far more likely an order or account number than a card.
 */
final class CardIssuers {

    /** Numbers whose first {@code prefixLength} digits lie in [low, high] and whose length is one of the allowed. */
    private record Range(int prefixLength, int low, int high, int allowedLengths) {

        boolean matches(String digits) {
            int length = digits.length();
            if (length >= Integer.SIZE || (allowedLengths & (1 << length)) == 0 || length < prefixLength) {
                return false;
            }
            int prefix = Integer.parseInt(digits, 0, prefixLength, 10);
            return prefix >= low && prefix <= high;
        }
    }

    private static int lengths(int... lengths) {
        int mask = 0;
        for (int length : lengths) {
            mask |= 1 << length;
        }
        return mask;
    }

    private static int lengthsFrom(int min, int max) {
        int mask = 0;
        for (int length = min; length <= max; length++) {
            mask |= 1 << length;
        }
        return mask;
    }

    private static final List<Range> RANGES = List.of(
            // Visa issues 13, 16 and 19 digits; 15 Luhn-valid digits starting with 4 are typically an IMEI.
            new Range(1, 4, 4, lengths(13, 16, 19)),
            new Range(2, 51, 55, lengths(16)),                 // Mastercard
            new Range(4, 2221, 2720, lengths(16)),             // Mastercard 2-series
            new Range(2, 34, 34, lengths(15)),                 // American Express
            new Range(2, 37, 37, lengths(15)),                 // American Express
            new Range(4, 6011, 6011, lengthsFrom(16, 19)),     // Discover
            new Range(3, 644, 649, lengthsFrom(16, 19)),       // Discover
            new Range(2, 65, 65, lengthsFrom(16, 19)),         // Discover, RuPay
            new Range(3, 300, 305, lengthsFrom(14, 19)),       // Diners Club International
            new Range(2, 36, 36, lengthsFrom(14, 19)),         // Diners Club International
            new Range(2, 38, 39, lengthsFrom(14, 19)),         // Diners Club
            new Range(4, 3528, 3589, lengthsFrom(16, 19)),     // JCB
            new Range(2, 62, 62, lengthsFrom(16, 19)),         // UnionPay
            new Range(4, 2200, 2204, lengthsFrom(16, 19)),     // Mir
            new Range(2, 50, 50, lengthsFrom(13, 19)),         // Maestro
            new Range(2, 56, 58, lengthsFrom(13, 19)),         // Maestro
            new Range(3, 639, 639, lengthsFrom(13, 19)),       // Maestro
            new Range(2, 67, 67, lengthsFrom(13, 19)),         // Maestro (6759, 676x)
            // Elo (Brazil, 16 digits): its BINs 401178-9, 431274, 438935, 451416, 457393 and 457631-2 lie in Visa's
            // range, 504175, 506699-506778 and 509xxx in Maestro's, 627780 in UnionPay's, 650031-655058 in Discover's;
            // 636297 and 636368-636369 in none of them.
            new Range(6, 636297, 636297, lengths(16)),         // Elo
            new Range(6, 636368, 636369, lengths(16)),         // Elo
            new Range(2, 60, 60, lengths(16)),                 // RuPay
            new Range(4, 9792, 9792, lengths(16)));            // Troy

    private CardIssuers() {
    }

    static boolean isPlausibleCardNumber(String digits) {
        for (Range range : RANGES) {
            if (range.matches(digits)) {
                return true;
            }
        }
        return false;
    }
}
