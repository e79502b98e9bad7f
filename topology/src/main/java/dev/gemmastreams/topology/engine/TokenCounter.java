package dev.gemmastreams.topology.engine;

/** Counts tokens as the model sees them, so passages and parts are sized to the model's context. */
@FunctionalInterface
public interface TokenCounter {
    int count(String text);
}
