package dev.gemmastreams.engine.generate;

/** A prompt as token ids (BOS included), how many tokens may be generated, and how to choose them. */
public record GenerationRequest(int[] promptTokens, int maxNewTokens, SamplingOptions sampling) {

    public GenerationRequest {
        if (promptTokens.length == 0) {
            throw new IllegalArgumentException("The prompt has no tokens");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1, was " + maxNewTokens);
        }
        promptTokens = promptTokens.clone();
    }

    public static GenerationRequest greedy(int[] promptTokens, int maxNewTokens) {
        return new GenerationRequest(promptTokens, maxNewTokens, SamplingOptions.greedy());
    }
}
