package dev.gemmastreams.engine.tokenizer;

import java.util.Arrays;
import java.util.Map;

/**
 * The BPE model's token strings and ids. Single characters get an array fast path because every character of
 * the input is looked up once before merging begins.
 */
final class Vocabulary {

    static final int ABSENT = -1;

    private final Map<String, Integer> idsByToken;
    private final int[] idsByBmpChar = new int[Character.MAX_VALUE + 1];

    Vocabulary(Map<String, Integer> idsByToken) {
        this.idsByToken = idsByToken; // owned: the loader hands over a fresh map
        Arrays.fill(idsByBmpChar, ABSENT);
        idsByToken.forEach((token, id) -> {
            if (token.length() == 1) {
                idsByBmpChar[token.charAt(0)] = id;
            }
        });
    }

    /** Id of a token string, or {@link #ABSENT}. */
    int idOf(String token) {
        Integer id = idsByToken.get(token);
        return id == null ? ABSENT : id;
    }

    /** Id of the token consisting of exactly this code point, or {@link #ABSENT}. */
    int idOfCodePoint(int codePoint) {
        if (codePoint <= Character.MAX_VALUE) {
            return idsByBmpChar[codePoint];
        }
        return idOf(Character.toString(codePoint));
    }
}
