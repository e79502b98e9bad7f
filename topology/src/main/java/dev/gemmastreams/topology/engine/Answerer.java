package dev.gemmastreams.topology.engine;

import java.util.List;

/** Answers a question from the given passages only. Deterministic: the same input gives the same answer. */
public interface Answerer {

    Answering answer(String question, List<Passage> passages);

    ModelRef model();
}
