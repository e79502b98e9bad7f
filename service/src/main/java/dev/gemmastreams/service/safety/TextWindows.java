package dev.gemmastreams.service.safety;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;

/** Cuts text longer than the safety model's context into consecutive windows of at most so many tokens. */
final class TextWindows {

    private TextWindows() {
    }

    static List<String> of(GemmaTokenizer tokenizer, String text, int maxTokens) {
        int[] ids = tokenizer.encodeContent(text); // as the prompt tokenizes it: plain text
        if (ids.length <= maxTokens) {
            return List.of(text);
        }
        List<String> windows = new ArrayList<>();
        for (int start = 0; start < ids.length; start += maxTokens) {
            windows.add(tokenizer.decode(Arrays.copyOfRange(ids, start, Math.min(ids.length, start + maxTokens))));
        }
        return windows;
    }

    /** The beginning of a text, at most so many tokens. */
    static String head(GemmaTokenizer tokenizer, String text, int maxTokens) {
        return of(tokenizer, text, maxTokens).getFirst();
    }
}
