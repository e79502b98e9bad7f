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

    /** Rows of one prompt attended together (see {@link #tile}). */
    static final int TILE_ROWS = 4;

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
        int longest = 0;
        long work = 0;
        for (int t = 0; t < rows; t++) {
            int span = positions[t] - firstVisible(positions[t]) + 1;
            longest = Math.max(longest, span);
            work += (long) heads * span * headDim;
        }
        // Tiles: runs of up to TILE_ROWS rows of one sequence at consecutive positions (a prompt's rows), each
        // attended with the query heads of one key/value head, so that those queries share each key and value read.
        int[] bounds = new int[rows + 1];
        int tiles = 0;
        for (int t = 0; t < rows; ) {
            bounds[tiles++] = t;
            int end = t + 1;
            while (end < rows && end - t < TILE_ROWS && caches[end] == caches[t]
                    && positions[end] == positions[end - 1] + 1) {
                end++;
            }
            t = end;
        }
        bounds[tiles] = rows;
        int kvHeads = heads / group;
        int scoresLength = longest;
        Parallel.forRange(tiles * kvHeads, 1, work * 4, (first, count) -> {
            float[][] scores = new float[TILE_ROWS * group][scoresLength];
            float[] lanes = new float[VectorMath.LANES];
            float[] row = new float[headDim];
            for (int item = first; item < first + count; item++) {
                int tile = item / kvHeads;
                KvCache cache = caches[bounds[tile]];
                if (cache.precision() == KvPrecision.INT8) {
                    tileInt8(q, bounds[tile], bounds[tile + 1], cache, positions, item % kvHeads, out, scores,
                            lanes, row);
                } else {
                    tile(q, bounds[tile], bounds[tile + 1], cache, positions, item % kvHeads, out, scores, lanes);
                }
            }
        });
    }

    /**
     * Query rows [firstRow, endRow) of one cache, at consecutive positions, with the query heads of key/value head
     * kvHead. Every query's scores, softmax and weighted sum take the same operations in the same order as
     * {@link #head} (each score on its own; values added key by key in position order), so a row's result does
     * not depend on the rows beside it. The keys every query sees are visited once for all of them.
     */
    private void tile(float[] q, int firstRow, int endRow, KvCache cache, int[] positions, int kvHead, float[] out,
            float[][] scores, float[] lanes) {
        int kvo = kvHead * headDim;
        TileQueries tq = tileQueries(firstRow, endRow, positions, kvHead);
        int queries = tq.at().length;
        int[] at = tq.at();
        int[] from = tq.from();
        int[] to = tq.to();
        // Keys visible to every query: from the last row's first visible key to the first row's own position.
        int commonFrom = from[queries - 1];
        int commonTo = to[0];
        if (cache.precision() != KvPrecision.BF16 || commonFrom > commonTo) {
            for (int i = 0; i < queries; i++) {
                head(q, at[i], cache, to[i], kvo, out, at[i], scores[i], lanes);
            }
            return;
        }
        short[] keys = cache.keysBf16(layer);
        short[] values = cache.valuesBf16(layer);
        int quads = queries / 4 * 4;
        float[] sums = new float[4];
        for (int i = 0; i < queries; i++) {
            for (int j = from[i]; j <= to[i]; j++) {
                if (j < commonFrom || j > commonTo) {
                    scores[i][j - from[i]] = dotBf16(q, at[i], keys, cache.offset(layer, j) + kvo, lanes);
                }
            }
        }
        for (int j = commonFrom; j <= commonTo; j++) {
            int ko = cache.offset(layer, j) + kvo;
            int i = 0;
            for (; i < quads; i += 4) {
                dots4(q, at[i], at[i + 1], at[i + 2], at[i + 3], keys, ko, lanes, sums);
                for (int k = 0; k < 4; k++) {
                    scores[i + k][j - from[i + k]] = sums[k];
                }
            }
            for (; i < queries; i++) {
                scores[i][j - from[i]] = dotBf16(q, at[i], keys, ko, lanes);
            }
        }
        float[] weight = new float[queries];
        for (int i = 0; i < queries; i++) {
            int n = to[i] - from[i] + 1;
            float max = SoftmaxKernel.scaleAndCap(scores[i], n, scaling, softcap);
            weight[i] = 1f / SoftmaxKernel.expAndSum(scores[i], n, max, lanes);
            Arrays.fill(out, at[i], at[i] + headDim, 0f);
            for (int j = from[i]; j < commonFrom; j++) {
                axpyBf16(scores[i][j - from[i]] * weight[i], values, cache.offset(layer, j) + kvo, out, at[i]);
            }
        }
        for (int j = commonFrom; j <= commonTo; j++) {
            int vo = cache.offset(layer, j) + kvo;
            int i = 0;
            for (; i < quads; i += 4) {
                axpy4(scores[i][j - from[i]] * weight[i], scores[i + 1][j - from[i + 1]] * weight[i + 1],
                        scores[i + 2][j - from[i + 2]] * weight[i + 2], scores[i + 3][j - from[i + 3]] * weight[i + 3],
                        values, vo, out, at[i], at[i + 1], at[i + 2], at[i + 3]);
            }
            for (; i < queries; i++) {
                axpyBf16(scores[i][j - from[i]] * weight[i], values, vo, out, at[i]);
            }
        }
        for (int i = 0; i < queries; i++) {
            for (int j = commonTo + 1; j <= to[i]; j++) {
                axpyBf16(scores[i][j - from[i]] * weight[i], values, cache.offset(layer, j) + kvo, out, at[i]);
            }
        }
    }

    /**
     * {@link #tile} over an INT8 cache: each key and value row the tile's queries see is read back to floats once
     * ({@link Int8Rows#dequantize}, into {@code row}) and then used as an F32 row by every query that sees it. A
     * query's scores, softmax and sum take the same operations in the same order whatever the tile holds (one
     * decode row or four prompt rows), so prefill, decode and batched rows agree bit for bit.
     */
    private void tileInt8(float[] q, int firstRow, int endRow, KvCache cache, int[] positions, int kvHead,
            float[] out, float[][] scores, float[] lanes, float[] row) {
        int kvo = kvHead * headDim;
        TileQueries tq = tileQueries(firstRow, endRow, positions, kvHead);
        int queries = tq.at().length;
        int[] at = tq.at();
        int[] from = tq.from();
        int[] to = tq.to();
        // Rows are at consecutive positions: the first query sees the earliest key, the last one the latest.
        int first = from[0];
        int last = to[queries - 1];
        byte[] keys = cache.keysInt8(layer);
        float[] keyScales = cache.keyScales(layer);
        for (int j = first; j <= last; j++) {
            int ko = cache.offset(layer, j) + kvo;
            Int8Rows.dequantize(keys, ko, keyScales[ko / headDim], headDim, row);
            for (int i = 0; i < queries; i++) {
                if (from[i] <= j && j <= to[i]) {
                    scores[i][j - from[i]] = VectorMath.dot(q, at[i], row, 0, headDim, lanes);
                }
            }
        }
        float[] weight = new float[queries];
        for (int i = 0; i < queries; i++) {
            int n = to[i] - from[i] + 1;
            float max = SoftmaxKernel.scaleAndCap(scores[i], n, scaling, softcap);
            weight[i] = 1f / SoftmaxKernel.expAndSum(scores[i], n, max, lanes);
            Arrays.fill(out, at[i], at[i] + headDim, 0f);
        }
        byte[] values = cache.valuesInt8(layer);
        float[] valueScales = cache.valueScales(layer);
        for (int j = first; j <= last; j++) {
            int vo = cache.offset(layer, j) + kvo;
            Int8Rows.dequantize(values, vo, valueScales[vo / headDim], headDim, row);
            for (int i = 0; i < queries; i++) {
                if (from[i] <= j && j <= to[i]) {
                    VectorMath.axpy(scores[i][j - from[i]] * weight[i], row, 0, out, at[i], headDim);
                }
            }
        }
    }

    /** Where each query of a tile sits in q and out, and the positions [from, to] of the keys it sees. */
    private record TileQueries(int[] at, int[] from, int[] to) {
    }

    private TileQueries tileQueries(int firstRow, int endRow, int[] positions, int kvHead) {
        int qDim = heads * headDim;
        int queries = (endRow - firstRow) * group;
        int[] at = new int[queries];
        int[] from = new int[queries];
        int[] to = new int[queries];
        for (int r = firstRow; r < endRow; r++) {
            for (int g = 0; g < group; g++) {
                int i = (r - firstRow) * group + g;
                at[i] = r * qDim + (kvHead * group + g) * headDim;
                to[i] = positions[r];
                from[i] = firstVisible(positions[r]);
            }
        }
        return new TileQueries(at, from, to);
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

    /** {@link #dotBf16} of four queries with one key, the key widened once for all four. */
    private void dots4(float[] q, int q0, int q1, int q2, int q3, short[] keys, int ko, float[] lanes, float[] sums) {
        if (!WIDEN) {
            sums[0] = dotBf16(q, q0, keys, ko, lanes);
            sums[1] = dotBf16(q, q1, keys, ko, lanes);
            sums[2] = dotBf16(q, q2, keys, ko, lanes);
            sums[3] = dotBf16(q, q3, keys, ko, lanes);
            return;
        }
        int i = 0;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int upper = F.loopBound(headDim); i < upper; i += F.length()) {
            FloatVector k = widen(keys, ko + i);
            a0 = FloatVector.fromArray(F, q, q0 + i).fma(k, a0);
            a1 = FloatVector.fromArray(F, q, q1 + i).fma(k, a1);
            a2 = FloatVector.fromArray(F, q, q2 + i).fma(k, a2);
            a3 = FloatVector.fromArray(F, q, q3 + i).fma(k, a3);
        }
        sums[0] = finishDot(a0, q, q0, keys, ko, i, lanes);
        sums[1] = finishDot(a1, q, q1, keys, ko, i, lanes);
        sums[2] = finishDot(a2, q, q2, keys, ko, i, lanes);
        sums[3] = finishDot(a3, q, q3, keys, ko, i, lanes);
    }

    /** The lanes of a dot's accumulator summed in {@link VectorMath#sumLanes}'s order, then its scalar tail from i. */
    private float finishDot(FloatVector acc, float[] q, int qo, short[] keys, int ko, int i, float[] lanes) {
        acc.intoArray(lanes, 0);
        float sum = VectorMath.sumLanes(lanes);
        for (; i < headDim; i++) {
            sum += q[qo + i] * KvCache.fromBf16(keys[ko + i]);
        }
        return sum;
    }

    /** {@link #axpyBf16} of one value row into four outputs, the row widened once for all four. */
    private void axpy4(float a0, float a1, float a2, float a3, short[] values, int vo, float[] y, int y0, int y1,
            int y2, int y3) {
        if (!WIDEN) {
            axpyBf16(a0, values, vo, y, y0);
            axpyBf16(a1, values, vo, y, y1);
            axpyBf16(a2, values, vo, y, y2);
            axpyBf16(a3, values, vo, y, y3);
            return;
        }
        int i = 0;
        FloatVector b0 = FloatVector.broadcast(F, a0), b1 = FloatVector.broadcast(F, a1);
        FloatVector b2 = FloatVector.broadcast(F, a2), b3 = FloatVector.broadcast(F, a3);
        for (int upper = F.loopBound(headDim); i < upper; i += F.length()) {
            FloatVector v = widen(values, vo + i);
            v.fma(b0, FloatVector.fromArray(F, y, y0 + i)).intoArray(y, y0 + i);
            v.fma(b1, FloatVector.fromArray(F, y, y1 + i)).intoArray(y, y1 + i);
            v.fma(b2, FloatVector.fromArray(F, y, y2 + i)).intoArray(y, y2 + i);
            v.fma(b3, FloatVector.fromArray(F, y, y3 + i)).intoArray(y, y3 + i);
        }
        for (; i < headDim; i++) {
            float v = KvCache.fromBf16(values[vo + i]);
            y[y0 + i] += a0 * v;
            y[y1 + i] += a1 * v;
            y[y2 + i] += a2 * v;
            y[y3 + i] += a3 * v;
        }
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
