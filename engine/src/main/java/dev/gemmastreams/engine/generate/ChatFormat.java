package dev.gemmastreams.engine.generate;

import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;

/**
 * Gemma's chat format: one user turn, then the model's turn is opened. Gemma has no system role, so instructions
 * go into the user turn. Encoded as Hugging Face's chat template does: the whole string at once, special tokens
 * recognized, {@code <bos>} first.
 */
public final class ChatFormat {

    private ChatFormat() {
    }

    public static String userTurn(String content) {
        return "<start_of_turn>user\n" + content + "<end_of_turn>\n<start_of_turn>model\n";
    }

    public static int[] encodeUserTurn(GemmaTokenizer tokenizer, String content) {
        return tokenizer.encodeWithSpecialTokens(userTurn(content));
    }
}
