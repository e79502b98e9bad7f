package dev.gemmastreams.engine.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** Names and shapes of Gemma 2's tensors in a Hugging Face checkpoint (tied embeddings: no lm_head). */
public final class GemmaTensors {
    public static final String EMBED = "model.embed_tokens.weight";
    public static final String FINAL_NORM = "model.norm.weight";

    private GemmaTensors() {}

    public static String layer(int layer, String suffix) {
        return "model.layers." + layer + "." + suffix;
    }

    public static final String INPUT_NORM = "input_layernorm.weight";
    public static final String POST_ATTENTION_NORM = "post_attention_layernorm.weight";
    public static final String PRE_FEEDFORWARD_NORM = "pre_feedforward_layernorm.weight";
    public static final String POST_FEEDFORWARD_NORM = "post_feedforward_layernorm.weight";
    public static final String Q = "self_attn.q_proj.weight";
    public static final String K = "self_attn.k_proj.weight";
    public static final String V = "self_attn.v_proj.weight";
    public static final String O = "self_attn.o_proj.weight";
    public static final String GATE = "mlp.gate_proj.weight";
    public static final String UP = "mlp.up_proj.weight";
    public static final String DOWN = "mlp.down_proj.weight";

    /** Every tensor a Gemma 2 checkpoint of this config must hold, in checkpoint order, with its shape. */
    public static Map<String, long[]> expected(GemmaConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long f = c.intermediateSize();
        Map<String, long[]> m = new LinkedHashMap<>();
        m.put(EMBED, new long[] {c.vocabSize(), h});
        for (int i = 0; i < c.numHiddenLayers(); i++) {
            m.put(layer(i, INPUT_NORM), new long[] {h});
            m.put(layer(i, Q), new long[] {q, h});
            m.put(layer(i, K), new long[] {kv, h});
            m.put(layer(i, V), new long[] {kv, h});
            m.put(layer(i, O), new long[] {h, q});
            m.put(layer(i, POST_ATTENTION_NORM), new long[] {h});
            m.put(layer(i, PRE_FEEDFORWARD_NORM), new long[] {h});
            m.put(layer(i, GATE), new long[] {f, h});
            m.put(layer(i, UP), new long[] {f, h});
            m.put(layer(i, DOWN), new long[] {h, f});
            m.put(layer(i, POST_FEEDFORWARD_NORM), new long[] {h});
        }
        m.put(FINAL_NORM, new long[] {h});
        return m;
    }
}
