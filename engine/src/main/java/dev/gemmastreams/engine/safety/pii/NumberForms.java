package dev.gemmastreams.engine.safety.pii;

/**
 * Folds the other ways of writing digits and number punctuation to ASCII, one char for one char, so every detector
 * reads {@code ０３－１２３４－５６７８} (full width, common in CJK forms), {@code ٠٥٠١٢٣٤٥٦٧} (Arabic-Indic) or
 * {@code ۰۹۱۲} (Persian) as it reads {@code 03-1234-5678}, and the spans found stay the spans of the original text.
 */
final class NumberForms {

    private static final char FULL_WIDTH_FIRST = '\uFF01';
    private static final char FULL_WIDTH_LAST = '\uFF5E';
    private static final char IDEOGRAPHIC_SPACE = '\u3000';

    private NumberForms() {
    }

    static String fold(String text) {
        char[] folded = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            char ascii = toAscii(c);
            if (ascii != c) {
                if (folded == null) {
                    folded = text.toCharArray();
                }
                folded[i] = ascii;
            }
        }
        return folded == null ? text : new String(folded);
    }

    private static char toAscii(char c) {
        if (c < 0x80) {
            return c;
        }
        if (c >= FULL_WIDTH_FIRST && c <= FULL_WIDTH_LAST) {
            return (char) (c - FULL_WIDTH_FIRST + '!'); // the full-width block mirrors ASCII 0x21..0x7E
        }
        if (c == IDEOGRAPHIC_SPACE) {
            return ' ';
        }
        if (Character.getType(c) == Character.DECIMAL_DIGIT_NUMBER) {
            return (char) ('0' + Character.digit(c, 10)); // any script's 0-9 (Arabic-Indic, Devanagari, Thai...)
        }
        return c;
    }
}
