package dev.gemmastreams.topology.engine;

/** What one model call cost, and which model and prompt made it. */
public record GenerationStats(String modelId, String promptVersion, int promptTokens, int completionTokens,
                              long queueMillis, long prefillMillis, long decodeMillis) {

    /** No model call was made (blocked input, or a result served from the cache). */
    public static GenerationStats none(String modelId, String promptVersion) {
        return new GenerationStats(modelId, promptVersion, 0, 0, 0, 0, 0);
    }

    public GenerationStats plus(GenerationStats other) {
        return new GenerationStats(modelId, promptVersion, promptTokens + other.promptTokens,
                completionTokens + other.completionTokens, queueMillis + other.queueMillis,
                prefillMillis + other.prefillMillis, decodeMillis + other.decodeMillis);
    }
}
