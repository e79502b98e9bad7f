package dev.gemmastreams.engine.forward;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The element-wise part of attention over a row of scores, on the Vector API: scaling, Gemma 2's soft-cap and the
 * softmax's exponentials and sum. Attention over thousands of positions spent most of its time in one StrictMath
 * call per score; these use the range-reduced polynomial exp of {@link GeluKernel} (adds, multiplies, FMAs and
 * a division only: the same bits compiled or not), and sum in a fixed lane order, so results never depend on JIT
 * state or on the batch.
 */
final class SoftmaxKernel {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final float LOG2E = (float) (1 / Math.log(2));
    private static final float LN2_HI = 0.693145751953125f;
    private static final float LN2_LO = 1.428606765330187e-06f;
    private static final float ROUND = 12582912f;

    private SoftmaxKernel() {}

    /**
     * s[i] = cap * tanh(s[i] * scaling / cap) for i in [0, n) (no cap when {@code cap} is 0); returns the maximum.
     * tanh(y) = 1 - 2 / (exp(2y) + 1): exact at the extremes, within ~1e-7 absolute near 0.
     */
    static float scaleAndCap(float[] s, int n, float scaling, float cap) {
        FloatVector max = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i += F.length()) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector x = FloatVector.fromArray(F, s, i, m).mul(scaling);
            if (cap > 0) {
                FloatVector e = exp(x.mul(2f / cap));
                x = FloatVector.broadcast(F, 1f).sub(FloatVector.broadcast(F, 2f).div(e.add(1f))).mul(cap);
            }
            x.intoArray(s, i, m);
            max = max.blend(max.max(x), m);
        }
        return max.reduceLanes(VectorOperators.MAX); // a maximum is the same in any order
    }

    /** s[i] = exp(s[i] - shift) for i in [0, n); returns their sum, added lane-wise then in a fixed order. */
    static float expAndSum(float[] s, int n, float shift, float[] lanes) {
        FloatVector sum = FloatVector.zero(F);
        for (int i = 0; i < n; i += F.length()) {
            VectorMask<Float> m = F.indexInRange(i, n);
            FloatVector e = exp(FloatVector.fromArray(F, s, i, m).sub(shift));
            e.intoArray(s, i, m);
            sum = sum.add(e, m);
        }
        sum.intoArray(lanes, 0);
        return VectorMath.sumLanes(lanes);
    }

    /** exp(x) = 2^k e^r, k = round(x / ln 2), |r| <= ln 2 / 2; x clamped to [-87, 87] (exp(-87) ~ 1.6e-38). */
    private static FloatVector exp(FloatVector x) {
        FloatVector t = x.max(-87f).min(87f);
        FloatVector k = t.fma(LOG2E, ROUND).sub(ROUND);
        FloatVector r = k.mul(-LN2_HI).add(t).add(k.mul(-LN2_LO));
        FloatVector p = r.fma(1f / 720, 1f / 120).fma(r, FloatVector.broadcast(F, 1f / 24))
                .fma(r, FloatVector.broadcast(F, 1f / 6)).fma(r, FloatVector.broadcast(F, 0.5f))
                .fma(r, FloatVector.broadcast(F, 1f)).fma(r, FloatVector.broadcast(F, 1f));
        IntVector exponent = ((IntVector) k.convert(VectorOperators.F2I, 0)).add(127)
                .lanewise(VectorOperators.LSHL, 23);
        return p.mul(exponent.reinterpretAsFloats());
    }
}
