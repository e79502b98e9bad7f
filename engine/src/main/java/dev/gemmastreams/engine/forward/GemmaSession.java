package dev.gemmastreams.engine.forward;

/**
 * One token sequence on a {@link GemmaModel}: its KV cache and position. Prefill many tokens at once, then decode
 * one at a time; both give the same logits. Logits are soft-capped (tanh(l/30)*30), as Hugging Face returns them.
 *
 * <p>Forward passes go through the session's {@link Runner}: {@link #DIRECT} runs them on the calling thread (calls
 * on sessions of one model must then not overlap, see {@link GemmaModel}); a batching runner lets many threads
 * each drive a session while one scheduler runs all of them in shared steps. A session itself is used by one
 * thread at a time.
 */
public final class GemmaSession {

    /** Runs a session's tokens through the model and returns their next-token logits. */
    @FunctionalInterface
    public interface Runner {
        /** @return logits after each token ({@code everyPosition}) or only after the last one */
        float[][] run(GemmaSession session, int[] tokens, boolean everyPosition);
    }

    /** The model's forward pass on the calling thread, in steps of {@link GemmaModel#MAX_STEP_ROWS} rows. */
    public static final Runner DIRECT = (session, tokens, everyPosition) ->
            session.model.forward(session, tokens, everyPosition);

    private final GemmaModel model;
    private final KvCache cache;
    private final Runner runner;

    GemmaSession(GemmaModel model, KvCache cache, Runner runner) {
        this.model = model;
        this.cache = cache;
        this.runner = runner;
    }

    GemmaModel model() {
        return model;
    }

    KvCache cache() {
        return cache;
    }

    /** Tokens in the sequence so far (the position of the next token). */
    public int length() {
        return cache.length();
    }

    /** Most positions this session may hold (its reservation). */
    public int maxPositions() {
        return cache.maxPositions();
    }

    /** Bytes its keys and values hold now. */
    public long kvBytes() {
        return cache.allocatedBytes();
    }

    /** Appends tokens and returns the next-token logits after the last of them. */
    public float[] prefill(int... tokens) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("No tokens to prefill");
        }
        return runner.run(this, tokens, false)[0];
    }

    /** Appends tokens and returns the next-token logits after each of them ([tokens.length][vocab]). */
    public float[][] prefillAll(int... tokens) {
        if (tokens.length == 0) {
            return new float[0][];
        }
        return runner.run(this, tokens, true);
    }

    /** Appends one token and returns the next-token logits. */
    public float[] decode(int token) {
        return runner.run(this, new int[] {token}, false)[0];
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
