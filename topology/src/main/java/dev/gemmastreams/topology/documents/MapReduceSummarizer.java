package dev.gemmastreams.topology.documents;

import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.Passage;
import dev.gemmastreams.topology.engine.Summarization;
import dev.gemmastreams.topology.engine.Summarizer;
import dev.gemmastreams.topology.engine.TokenCounter;
import dev.gemmastreams.topology.questions.PassageSplitter;

/**
 * Summarizes a document of any length: text that fits the model is summarized at once; longer text is cut into
 * parts on paragraph and sentence boundaries (measured in model tokens), each part is summarized, and the part
 * summaries are combined, in groups that fit, until one summary is left.
 */
public final class MapReduceSummarizer {

    private final Summarizer model;
    private final TokenCounter tokens;
    private final PassageSplitter splitter;

    public MapReduceSummarizer(Summarizer model, TokenCounter tokens) {
        this.model = model;
        this.tokens = tokens;
        this.splitter = new PassageSplitter(tokens, model.maxInputTokens());
    }

    public Summarization summarize(String text) {
        if (tokens.count(text) <= model.maxInputTokens()) {
            return model.summarize(text);
        }
        List<Passage> parts = splitter.split(text);
        List<String> summaries = new ArrayList<>();
        GenerationStats stats = null;
        for (Passage part : parts) {
            Summarization summary = model.summarize(part.text());
            summaries.add(summary.text());
            stats = stats == null ? summary.stats() : stats.plus(summary.stats());
        }
        while (summaries.size() > 1) {
            List<String> combined = new ArrayList<>();
            for (List<String> group : groupsThatFit(summaries)) {
                Summarization summary = group.size() == 1 ? null : model.combine(group);
                combined.add(summary == null ? group.getFirst() : summary.text());
                if (summary != null) {
                    stats = stats.plus(summary.stats());
                }
            }
            if (combined.size() == summaries.size()) {
                throw new IllegalStateException("Part summaries do not shrink: each alone fills the model's input");
            }
            summaries = combined;
        }
        return new Summarization(summaries.getFirst(), parts.size(), stats);
    }

    /** Consecutive summaries packed into groups whose joined text fits one combine call. */
    private List<List<String>> groupsThatFit(List<String> summaries) {
        List<List<String>> groups = new ArrayList<>();
        List<String> group = new ArrayList<>();
        int used = 0;
        for (String summary : summaries) {
            int size = tokens.count(summary) + 2; // room for the separator the prompt puts between parts
            if (!group.isEmpty() && used + size > model.maxInputTokens()) {
                groups.add(group);
                group = new ArrayList<>();
                used = 0;
            }
            group.add(summary);
            used += size;
        }
        groups.add(group);
        return groups;
    }
}
