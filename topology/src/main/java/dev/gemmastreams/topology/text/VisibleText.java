package dev.gemmastreams.topology.text;

/**
 * Whether a text has anything a reader (or a model) could see. {@link String#isBlank()} only knows Java's
 * whitespace: a text of no-break spaces, zero-width spaces or byte-order marks passes it and would be summarized
 * as if it were content.
 */
public final class VisibleText {

    private VisibleText() {
    }

    /** True when the text is null or made only of whitespace, separators, control, format or invisible chars. */
    public static boolean isBlank(String text) {
        return text == null || text.codePoints().allMatch(VisibleText::invisible);
    }

    private static boolean invisible(int codePoint) {
        if (Character.isWhitespace(codePoint) || Character.isSpaceChar(codePoint)) {
            return true; // ASCII whitespace, U+00A0, U+2003, U+3000, line and paragraph separators
        }
        return switch (Character.getType(codePoint)) {
            // U+200B zero-width space, U+FEFF byte-order mark, joiners, bidi marks; C0/C1 controls
            case Character.FORMAT, Character.CONTROL -> true;
            default -> invisibleGlyph(codePoint);
        };
    }

    /** Letters and marks that render as nothing: Hangul fillers, the blank Braille pattern, variation selectors. */
    private static boolean invisibleGlyph(int codePoint) {
        return codePoint == 0x115F || codePoint == 0x1160 || codePoint == 0x3164 || codePoint == 0xFFA0
                || codePoint == 0x2800 || codePoint == 0x034F
                || (codePoint >= 0xFE00 && codePoint <= 0xFE0F)
                || (codePoint >= 0xE0100 && codePoint <= 0xE01EF);
    }
}
