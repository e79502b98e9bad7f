package dev.gemmastreams.engine.safety.pii;

import java.util.Arrays;

/**
 * A copy of a text in which spans can be blotted out with U+FFFD, a character that is neither a letter, a digit nor
 * phone punctuation. Offsets stay those of the original text, so matches map back one to one.
 */
final class MaskedText {

    static final char MASK = '\uFFFD';

    private final char[] chars;

    MaskedText(String text) {
        this.chars = text.toCharArray();
    }

    void mask(int start, int end) {
        Arrays.fill(chars, start, end, MASK);
    }

    @Override
    public String toString() {
        return new String(chars);
    }
}
