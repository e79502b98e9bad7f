package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Gemma 2 self-attention over each row's own KV cache, the part Jlama 0.8.4 gets wrong: scores scaled by
 * query_pre_attn_scalar^-0.5 (not head_dim^-0.5), soft-capped, causal, and on sliding layers limited to the last
 * sliding_window positions (key j visible from query i iff i - window < j <= i, as Hugging Face masks it).
 * Grouped-query: query head h reads key/value head h / (heads / kvHeads). The rows of one step may belong to
 * different sequences; every row's result depends only on its own query and cache.
 */
final class Attention {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** BF16 keys and values widen with one vector instruction only when shorts and floats have equal lanes. */
    private static final boolean WIDEN = S.length() == F.length() && I.length() == F.length();

    private final int layer;
    private final int heads;
    private final int headDim;
    private final int group;
    private final int window;
    private final float scaling;
    private final float softcap;

    Attention(GemmaConfig c, int layer) {
        this.layer = layer;
        this.heads = c.numAttentionHeads();
        this.headDim = c.headDim();
        this.group = c.queriesPerKeyValueHead();
        this.window = c.isSlidingLayer(layer) ? c.slidingWindow() : Integer.MAX_VALUE;
        this.scaling = (float) StrictMath.pow(c.queryPreAttnScalar(), -0.5);
        this.softcap = c.attnLogitSoftcapping() == null ? 0f : c.attnLogitSoftcapping().floatValue();
    }

    /**
     * @param q         [rows][heads*headDim], rotated; row t is at position {@code positions[t]} of {@code caches[t]}
     * @param caches    each row's cache, already holding that row's key and value and every earlier position
     * @param out       [rows][heads*headDim]
     */
    void compute(float[] q, int rows, KvCache[] caches, int[] positions, float[] out) {
        int qDim = heads * headDim;
        int longest = 0;
        long work = 0;
        for (int t = 0; t < rows; t++) {
            int span = positions[t] - firstVisible(positions[t]) + 1;
            longest = Math.max(longest, span);
            work += (long) heads * span * headDim;
        }
        int scoresLength = longest;
        Parallel.forRange(rows * heads, 1, work * 4, (first, count) -> {
            float[] scores = new float[scoresLength];
            float[] lanes = new float[VectorMath.LANES];
            for (int item = first; item < first + count; item++) {
                int t = item / heads;
                int h = item % heads;
                head(q, t * qDim + h * headDim, caches[t], positions[t], (h / group) * headDim,
                        out, t * qDim + h * headDim, scores, lanes);
            }
        });
    }

    private int firstVisible(int pos) {
        return window == Integer.MAX_VALUE ? 0 : Math.max(0, pos - window + 1);
    }

    private void head(float[] q, int qo, KvCache cache, int pos, int kvo, float[] out, int oo, float[] scores,
            float[] lanes) {
        int from = firstVisible(pos);
        int n = pos - from + 1;
        boolean bf16 = cache.precision() == KvPrecision.BF16;
        for (int j = 0; j < n; j++) {
            int at = cache.offset(layer, from + j) + kvo;
            scores[j] = bf16 ? dotBf16(q, qo, cache.keysBf16(layer), at, lanes)
                    : VectorMath.dot(q, qo, cache.keysF32(layer), at, headDim, lanes);
        }
        float max = SoftmaxKernel.scaleAndCap(scores, n, scaling, softcap);
        float inv = 1f / SoftmaxKernel.expAndSum(scores, n, max, lanes);
        Arrays.fill(out, oo, oo + headDim, 0f);
        for (int j = 0; j < n; j++) {
            int at = cache.offset(layer, from + j) + kvo;
            if (bf16) {
                axpyBf16(scores[j] * inv, cache.valuesBf16(layer), at, out, oo);
            } else {
                VectorMath.axpy(scores[j] * inv, cache.valuesF32(layer), at, out, oo, headDim);
            }
        }
    }

    private float dotBf16(float[] q, int qo, short[] keys, int ko, float[] lanes) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        if (WIDEN) {
            for (int upper = F.loopBound(headDim); i < upper; i += F.length()) {
                acc = FloatVector.fromArray(F, q, qo + i).fma(widen(keys, ko + i), acc);
            }
        }
        acc.intoArray(lanes, 0);
        float sum = VectorMath.sumLanes(lanes);
        for (; i < headDim; i++) {
            sum += q[qo + i] * KvCache.fromBf16(keys[ko + i]);
        }
        return sum;
    }

    private void axpyBf16(float alpha, short[] values, int vo, float[] y, int yo) {
        int i = 0;
        if (WIDEN) {
            FloatVector a = FloatVector.broadcast(F, alpha);
            for (int upper = F.loopBound(headDim); i < upper; i += F.length()) {
                widen(values, vo + i).fma(a, FloatVector.fromArray(F, y, yo + i)).intoArray(y, yo + i);
            }
        }
        for (; i < headDim; i++) {
            y[yo + i] += alpha * KvCache.fromBf16(values[vo + i]);
        }
    }

    private static FloatVector widen(short[] a, int at) {
        return ((IntVector) ShortVector.fromArray(S, a, at).convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }
}
