package dev.gemmastreams.topology.engine;

/** An answer and what it cost. */
public record Answering(String text, GenerationStats stats) {
}
