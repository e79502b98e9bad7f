package dev.gemmastreams.topology.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gemmastreams.topology.engine.Answerer;
import dev.gemmastreams.topology.engine.Answering;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Passage;

/** Deterministic stand-in for the model: names the question and the passages it was given. */
public final class EchoAnswerer implements Answerer {

    public static final ModelRef MODEL = new ModelRef("echo-model", "answer-v1");

    private final AtomicInteger calls = new AtomicInteger();
    private volatile List<Passage> lastPassages = List.of();

    @Override
    public Answering answer(String question, List<Passage> passages) {
        calls.incrementAndGet();
        lastPassages = passages;
        return new Answering("answer to '" + question + "' from " + passages.stream().map(Passage::id).toList(),
                new GenerationStats(MODEL.modelId(), MODEL.promptVersion(), 10, 4, 0, 1, 1));
    }

    @Override
    public ModelRef model() {
        return MODEL;
    }

    public int calls() {
        return calls.get();
    }

    public List<Passage> lastPassages() {
        return lastPassages;
    }
}
