package dev.gemmastreams.engine.generate;

import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.engine.tokenizer.Prompt;

/**
 * Gemma's chat format: one user turn, then the model's turn is opened. Gemma has no system role, so instructions
 * go into the user turn. Encoded as Hugging Face's chat template does ({@code <bos>} first), except that only the
 * turn markers and the prompt's template parts contribute control tokens: the content is plain text.
 */
public final class ChatFormat {

    private static final String USER_TURN = "<start_of_turn>user\n";
    private static final String MODEL_TURN = "<end_of_turn>\n<start_of_turn>model\n";

    private ChatFormat() {
    }

    /** The raw chat string, as Hugging Face's chat template writes it (for tools that tokenize strings). */
    public static String userTurn(String content) {
        return USER_TURN + content + MODEL_TURN;
    }

    /** The user turn around a prompt's parts. */
    public static Prompt userTurn(Prompt content) {
        return Prompt.builder().template(USER_TURN).append(content).template(MODEL_TURN).build();
    }

    /** The user turn around untrusted text. */
    public static int[] encodeUserTurn(GemmaTokenizer tokenizer, String content) {
        return encodeUserTurn(tokenizer, Prompt.content(content));
    }

    public static int[] encodeUserTurn(GemmaTokenizer tokenizer, Prompt content) {
        return tokenizer.encodePrompt(userTurn(content));
    }
}
