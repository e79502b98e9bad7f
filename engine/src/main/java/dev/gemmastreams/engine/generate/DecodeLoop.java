package dev.gemmastreams.engine.generate;

import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;

/** Picks tokens one after another until a stop token or the limit; the stop token itself is not kept. */
final class DecodeLoop {

    record Decoded(int[] tokens, StopReason stopReason) {
    }

    private DecodeLoop() {
    }

    /**
     * @param logits     next-token logits after the prompt
     * @param decode     feeds a chosen token to the model and returns the logits after it
     */
    static Decoded run(float[] logits, IntFunction<float[]> decode, Sampler sampler, int maxNewTokens,
                       int endOfTurnId, int eosId, BooleanSupplier cancelled) {
        int[] out = new int[maxNewTokens];
        int count = 0;
        while (count < maxNewTokens) {
            if (cancelled.getAsBoolean()) {
                throw new CancellationException("Generation cancelled after " + count + " tokens");
            }
            int next = sampler.next(logits);
            if (next == endOfTurnId) {
                return new Decoded(Arrays.copyOf(out, count), StopReason.END_OF_TURN);
            }
            if (next == eosId) {
                return new Decoded(Arrays.copyOf(out, count), StopReason.END_OF_SEQUENCE);
            }
            out[count++] = next;
            if (count < maxNewTokens) {
                logits = decode.apply(next); // the last token needs no forward pass: nothing follows it
            }
        }
        return new Decoded(out, StopReason.MAX_TOKENS);
    }
}
