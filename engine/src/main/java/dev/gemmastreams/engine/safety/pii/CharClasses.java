package dev.gemmastreams.engine.safety.pii;

/** Character tests shared by the detectors, all safe at the ends of the text. */
final class CharClasses {

    private CharClasses() {
    }

    static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isAsciiLetter(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }

    static boolean isAsciiUpper(char c) {
        return c >= 'A' && c <= 'Z';
    }

    static boolean isHexDigit(char c) {
        return isAsciiDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    /**
     * Letters and digits that make up words: a PII token must not be glued to one of these. Scripts written without
     * spaces (Han, kana, Hangul, Thai...) are excluded, so "電話4111..." or "メールはa@example.com" still split.
     */
    static boolean isWordChar(char c) {
        if (c < 0x80) {
            return isAsciiDigit(c) || isAsciiLetter(c);
        }
        return Character.isLetterOrDigit(c) && !isUnspacedScript(c);
    }

    private static boolean isUnspacedScript(char c) {
        if (c >= 0x3000 && c <= 0x30FF) {
            return true; // CJK punctuation and kana, including the prolonged sound mark in "サーバー"
        }
        Character.UnicodeScript script = Character.UnicodeScript.of(c);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, HANGUL, THAI, LAO, KHMER, MYANMAR, TIBETAN, BOPOMOFO, YI -> true;
            default -> false;
        };
    }

    static boolean isWordCharAt(CharSequence text, int index) {
        return index >= 0 && index < text.length() && isWordChar(text.charAt(index));
    }

    static boolean isDigitAt(CharSequence text, int index) {
        return index >= 0 && index < text.length() && isAsciiDigit(text.charAt(index));
    }

    static boolean isCharAt(CharSequence text, int index, char expected) {
        return index >= 0 && index < text.length() && text.charAt(index) == expected;
    }
}
