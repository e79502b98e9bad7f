package dev.gemmastreams.engine.forward;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/** Small SIMD helpers on float arrays for the parts Jlama has no kernel for (attention over our KV cache). */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorMath() {}

    /** Lanes needed by the {@code lanes} scratch arguments. */
    static final int LANES = S.length();

    private static final VectorShuffle<Float> SWAP_8 = LANES == 16 ? VectorShuffle.fromOp(S, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP_4 = LANES == 16 ? VectorShuffle.fromOp(S, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP_2 = LANES == 16 ? VectorShuffle.fromOp(S, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP_1 = LANES == 16 ? VectorShuffle.fromOp(S, i -> i ^ 1) : null;

    /**
     * Sum of the 16 lanes at lanes[at..at+16) by a pairwise tree in registers (lane i with i + 8, then + 4, + 2,
     * + 1): a fifth of the instructions of {@link #sumLanes}, and the order every kernel using it shares. Needs
     * {@code LANES == 16}.
     */
    static float treeSum(float[] lanes, int at) {
        FloatVector r = FloatVector.fromArray(S, lanes, at);
        r = r.add(r.rearrange(SWAP_8));
        r = r.add(r.rearrange(SWAP_4));
        r = r.add(r.rearrange(SWAP_2));
        return r.add(r.rearrange(SWAP_1)).lane(0);
    }

    /**
     * Sum of lanes[0..LANES) in a fixed order. Not {@code reduceLanes(ADD)}: its order is unspecified and differs
     * between interpreted and compiled code, so logits would depend on JIT warm-up. Callers spill the vector with
     * {@code intoArray} themselves: passing vectors to a helper that is not inlined boxes them and stalls C2.
     */
    static float sumLanes(float[] lanes) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int i = 0; i < lanes.length; i += 4) {
            s0 += lanes[i];
            s1 += lanes[i + 1];
            s2 += lanes[i + 2];
            s3 += lanes[i + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n, float[] lanes) {
        int i = 0;
        FloatVector acc = FloatVector.zero(S);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            acc = FloatVector.fromArray(S, a, ao + i).fma(FloatVector.fromArray(S, b, bo + i), acc);
        }
        acc.intoArray(lanes, 0);
        float sum = sumLanes(lanes);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }

    /** y += alpha * x */
    static void axpy(float alpha, float[] x, int xo, float[] y, int yo, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (int upper = S.loopBound(n); i < upper; i += S.length()) {
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] += alpha * x[xo + i];
        }
    }
}
