package dev.gemmastreams.engine.serve;

/** A request needs more KV cache memory than the whole budget: it can never run, so it is refused at once. */
public class KvCacheBudgetException extends IllegalArgumentException {
    public KvCacheBudgetException(int positions, long bytes, long budget) {
        super("A sequence of " + positions + " positions needs " + mib(bytes) + " MiB of KV cache, more than the "
                + "whole budget of " + mib(budget) + " MiB (gemma-streams.model.kv-cache-budget)");
    }

    private static long mib(long bytes) {
        return (bytes + (1 << 20) - 1) >> 20;
    }
}
