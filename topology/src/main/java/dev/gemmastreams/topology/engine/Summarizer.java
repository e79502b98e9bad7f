package dev.gemmastreams.topology.engine;

import java.util.List;

/**
 * Summarizes text that fits the model's context, and combines partial summaries. Longer documents are cut into
 * parts by the topology (map-reduce). Deterministic: the same input gives the same summary.
 */
public interface Summarizer {

    /** The most tokens of text one {@link #summarize} or {@link #combine} call may be given. */
    int maxInputTokens();

    Summarization summarize(String text);

    /** One summary of several partial summaries of the same document, in order. */
    Summarization combine(List<String> partSummaries);

    ModelRef model();
}
