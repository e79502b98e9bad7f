package dev.gemmastreams.engine.model;

/**
 * One decoder layer's weights. Projections stay over the memory-mapped file ([out, in], as Hugging Face's
 * nn.Linear stores them): Jlama tensors for F32/BF16, {@link Q4Matrix} for Q4; the small norm vectors are copied
 * to float arrays.
 */
public record LayerWeights(
        float[] inputNorm,
        WeightMatrix q,
        WeightMatrix k,
        WeightMatrix v,
        WeightMatrix o,
        float[] postAttentionNorm,
        float[] preFeedforwardNorm,
        WeightMatrix gate,
        WeightMatrix up,
        WeightMatrix down,
        float[] postFeedforwardNorm) {}
