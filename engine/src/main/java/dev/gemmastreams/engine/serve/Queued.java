package dev.gemmastreams.engine.serve;

/** A task's result and how long it waited for the model. */
public record Queued<T>(T value, long queueNanos) {
}
