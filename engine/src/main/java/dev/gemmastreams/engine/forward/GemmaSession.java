package dev.gemmastreams.engine.forward;

/**
 * One token sequence on a {@link GemmaModel}: its KV cache and position. Prefill many tokens at once, then decode
 * one at a time; both give the same logits. Logits are soft-capped (tanh(l/30)*30), as Hugging Face returns them.
 *
 * <p>Not thread-safe, and see {@link GemmaModel}: calls on sessions of one model must not run concurrently.
 */
public final class GemmaSession {
    private final GemmaModel model;
    private final KvCache cache;

    GemmaSession(GemmaModel model, KvCache cache) {
        this.model = model;
        this.cache = cache;
    }

    /** Tokens in the sequence so far (the position of the next token). */
    public int length() {
        return cache.length();
    }

    /** Appends tokens and returns the next-token logits after the last of them. */
    public float[] prefill(int... tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("No tokens to prefill");
        }
        return model.forward(cache, tokens, false)[0];
    }

    /** Appends tokens and returns the next-token logits after each of them ([tokens.length][vocab]). */
    public float[][] prefillAll(int... tokens) {
        return model.forward(cache, tokens, true);
    }

    /** Appends one token and returns the next-token logits. */
    public float[] decode(int token) {
        return model.forward(cache, new int[] {token}, false)[0];
    }

    /** Forgets every position from {@code length} on, e.g. to reuse a shared prompt prefix. */
    public void truncate(int length) {
        if (length > cache.length()) {
            throw new IllegalArgumentException("Cannot truncate a sequence of " + cache.length() + " to " + length);
        }
        cache.setLength(length);
    }

    /** Empties the sequence (the cache's memory is kept for reuse). */
    public void reset() {
        truncate(0);
    }
}
