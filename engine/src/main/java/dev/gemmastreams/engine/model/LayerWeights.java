package dev.gemmastreams.engine.model;

import com.github.tjake.jlama.tensor.AbstractTensor;

/**
 * One decoder layer's weights. Projections stay Jlama tensors over the memory-mapped file ([out, in], as
 * Hugging Face's nn.Linear stores them); the small norm vectors are copied to float arrays.
 */
public record LayerWeights(
        float[] inputNorm,
        AbstractTensor q,
        AbstractTensor k,
        AbstractTensor v,
        AbstractTensor o,
        float[] postAttentionNorm,
        float[] preFeedforwardNorm,
        AbstractTensor gate,
        AbstractTensor up,
        AbstractTensor down,
        float[] postFeedforwardNorm) {}
