package dev.gemmastreams.topology.engine;

/** Identifies what produces a result, so cached results are only reused for the same model and prompt. */
public record ModelRef(String modelId, String promptVersion) {
}
