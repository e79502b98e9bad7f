package dev.gemmastreams.topology.support;

import java.util.concurrent.atomic.AtomicInteger;

import dev.gemmastreams.topology.engine.EngineException;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Summarization;
import dev.gemmastreams.topology.engine.Summarizer;

/** Deterministic stand-in for the model: "summary: " plus the first words; can fail a set number of times. */
public final class EchoSummarizer implements Summarizer {

    public static final ModelRef MODEL = new ModelRef("echo-model", "summary-v1");

    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger combines = new AtomicInteger();
    private int maxInputTokens = 1000;
    private int failuresLeft;
    private boolean retryable = true;

    /** Inputs are measured in words by the fixture's token counter. */
    public EchoSummarizer withMaxInputTokens(int tokens) {
        maxInputTokens = tokens;
        return this;
    }

    @Override
    public int maxInputTokens() {
        return maxInputTokens;
    }

    @Override
    public Summarization combine(java.util.List<String> partSummaries) {
        combines.incrementAndGet();
        return new Summarization("combined(" + partSummaries.size() + ")", 1,
                new GenerationStats(MODEL.modelId(), MODEL.promptVersion(), 1, 1, 0, 0, 0));
    }

    public int combines() {
        return combines.get();
    }

    public EchoSummarizer failing(int times, boolean retryableFailures) {
        failuresLeft = times;
        retryable = retryableFailures;
        return this;
    }

    @Override
    public Summarization summarize(String text) {
        calls.incrementAndGet();
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new EngineException("model unavailable", retryable);
        }
        String first = text.strip().split("\\s+", 4).length > 3
                ? String.join(" ", java.util.Arrays.copyOf(text.strip().split("\\s+"), 3)) : text.strip();
        return new Summarization("summary: " + first, 1,
                new GenerationStats(MODEL.modelId(), MODEL.promptVersion(), text.length(), 5, 1, 2, 3));
    }

    @Override
    public ModelRef model() {
        return MODEL;
    }

    public int calls() {
        return calls.get();
    }
}
