package dev.gemmastreams.service.engine;

import java.util.List;

import dev.gemmastreams.engine.prompts.Prompts;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Summarization;
import dev.gemmastreams.topology.engine.Summarizer;

/** Summaries by Gemma with the versioned summary prompts. */
public final class GemmaSummarizer implements Summarizer {

    private final ModelCalls calls;
    private final int maxSummaryTokens;
    private final int maxInputTokens;

    public GemmaSummarizer(ModelCalls calls, int contextTokens, int maxSummaryTokens) {
        this.calls = calls;
        this.maxSummaryTokens = maxSummaryTokens;
        // What is left of the context once the instructions, the chat markers and the summary are accounted for.
        int instructions = Math.max(calls.tokens(Prompts.summarize("")), calls.tokens(Prompts.combine(List.of())));
        this.maxInputTokens = contextTokens - calls.chatOverheadTokens() - instructions - maxSummaryTokens - 16;
        if (maxInputTokens < 64) {
            throw new IllegalArgumentException("A context of " + contextTokens + " tokens leaves no room for text "
                    + "with summaries of up to " + maxSummaryTokens + " tokens");
        }
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public Summarization summarize(String text) {
        ModelCalls.Reply reply = calls.generate(Prompts.summarize(text), maxSummaryTokens, Prompts.SUMMARY_VERSION);
        return new Summarization(reply.text(), 1, reply.stats());
    }

    @Override
    public Summarization combine(List<String> partSummaries) {
        ModelCalls.Reply reply = calls.generate(Prompts.combine(partSummaries), maxSummaryTokens,
                Prompts.SUMMARY_VERSION);
        return new Summarization(reply.text(), 1, reply.stats());
    }

    @Override
    public ModelRef model() {
        return new ModelRef(calls.modelId(), Prompts.SUMMARY_VERSION);
    }
}
