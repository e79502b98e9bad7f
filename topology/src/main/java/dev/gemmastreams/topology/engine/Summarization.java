package dev.gemmastreams.topology.engine;

/** A summary, how many parts the text was summarized in, and what it cost. */
public record Summarization(String text, int parts, GenerationStats stats) {
}
