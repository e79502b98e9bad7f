package dev.gemmastreams.engine.generate;

/**
 * What a generation produced: the text (stop token excluded), its token ids, why it stopped, token counts and
 * the time spent reading the prompt (prefill) and producing tokens (decode).
 */
public record GenerationResult(String text, int[] tokens, StopReason stopReason, int promptTokens,
                               long prefillNanos, long decodeNanos) {

    public GenerationResult {
        tokens = tokens.clone();
    }

    public int completionTokens() {
        return tokens.length;
    }

    public double decodeTokensPerSecond() {
        return decodeNanos == 0 ? 0 : tokens.length * 1e9 / decodeNanos;
    }
}
