package dev.gemmastreams.topology.support;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gemmastreams.topology.engine.Answerer;
import dev.gemmastreams.topology.engine.Answering;
import dev.gemmastreams.topology.engine.EngineException;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Passage;

/** Deterministic stand-in for the model: names the question and the passages it was given; can fail. */
public final class EchoAnswerer implements Answerer {

    public static final ModelRef MODEL = new ModelRef("echo-model", "answer-v1");

    private final AtomicInteger calls = new AtomicInteger();
    private volatile List<Passage> lastPassages = List.of();
    private int failuresLeft;

    /** The next {@code times} calls fail permanently (not retried). */
    public EchoAnswerer failing(int times) {
        failuresLeft = times;
        return this;
    }

    @Override
    public Answering answer(String question, List<Passage> passages) {
        calls.incrementAndGet();
        if (failuresLeft > 0) {
            failuresLeft--;
            throw new EngineException("model unavailable", false);
        }
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
