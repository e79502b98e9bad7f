package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;

/**
 * Gemma 2 self-attention over the KV cache, the part Jlama 0.8.4 gets wrong: scores scaled by
 * query_pre_attn_scalar^-0.5 (not head_dim^-0.5), soft-capped, causal, and on sliding layers limited to the last
 * sliding_window positions (key j visible from query i iff i - window < j <= i, as Hugging Face masks it).
 * Grouped-query: query head h reads key/value head h / (heads / kvHeads).
 */
final class Attention {
    private final int heads;
    private final int headDim;
    private final int group;
    private final int window;
    private final float scaling;
    private final float softcap;

    Attention(GemmaConfig c, boolean sliding) {
        this.heads = c.numAttentionHeads();
        this.headDim = c.headDim();
        this.group = c.queriesPerKeyValueHead();
        this.window = sliding ? c.slidingWindow() : Integer.MAX_VALUE;
        this.scaling = (float) StrictMath.pow(c.queryPreAttnScalar(), -0.5);
        this.softcap = c.attnLogitSoftcapping() == null ? 0f : c.attnLogitSoftcapping().floatValue();
    }

    /**
     * @param q      [rows][heads*headDim], rotated; row t is at position start + t
     * @param keys   cached keys [position][kvHeads*headDim], holding positions [0, start + rows)
     * @param out    [rows][heads*headDim]
     */
    void compute(float[] q, int rows, int start, float[] keys, float[] values, int kvDim, float[] out) {
        int qDim = heads * headDim;
        long work = (long) rows * heads * (start + rows) * headDim;
        Parallel.forRange(rows * heads, 1, work * 4, (first, count) -> {
            float[] scores = new float[start + rows];
            float[] lanes = new float[VectorMath.LANES];
            for (int item = first; item < first + count; item++) {
                int t = item / heads;
                int h = item % heads;
                head(q, t * qDim + h * headDim, start + t, (h / group) * headDim, keys, values, kvDim,
                        out, t * qDim + h * headDim, scores, lanes);
            }
        });
    }

    private void head(float[] q, int qo, int pos, int kvo, float[] keys, float[] values, int kvDim, float[] out,
            int oo, float[] scores, float[] lanes) {
        int from = window == Integer.MAX_VALUE ? 0 : Math.max(0, pos - window + 1);
        float max = Float.NEGATIVE_INFINITY;
        for (int j = from; j <= pos; j++) {
            float s = VectorMath.dot(q, qo, keys, j * kvDim + kvo, headDim, lanes) * scaling;
            if (softcap > 0) {
                s = GemmaMath.softcap(s, softcap);
            }
            scores[j] = s;
            max = Math.max(max, s);
        }
        double sum = 0;
        for (int j = from; j <= pos; j++) {
            float e = (float) StrictMath.exp(scores[j] - max);
            scores[j] = e;
            sum += e;
        }
        float inv = (float) (1.0 / sum);
        java.util.Arrays.fill(out, oo, oo + headDim, 0f);
        for (int j = from; j <= pos; j++) {
            VectorMath.axpy(scores[j] * inv, values, j * kvDim + kvo, out, oo, headDim);
        }
    }
}
