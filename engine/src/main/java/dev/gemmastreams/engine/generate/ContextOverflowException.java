package dev.gemmastreams.engine.generate;

/** The prompt plus the requested new tokens do not fit the model's context window. */
public class ContextOverflowException extends IllegalArgumentException {
    public ContextOverflowException(int promptTokens, int maxNewTokens, int context) {
        super("The prompt has " + promptTokens + " tokens and up to " + maxNewTokens + " new tokens were requested, "
                + "together more than the model's context of " + context + " tokens");
    }
}
