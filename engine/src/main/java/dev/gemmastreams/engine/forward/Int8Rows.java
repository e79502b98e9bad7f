package dev.gemmastreams.engine.forward;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Symmetric 8-bit rounding of one head's key or value: scale = max|x| / 127 (a float), each number stored as
 * {@code rint(x / scale)} (round half to even) in [-127, 127], read back as {@code q * scale}. A head of zeros
 * has scale 0 and reads back as zeros. The cache rounds when a position is stored, before any query reads it, so
 * prefill and decode (and a row alone or batched) all see the same numbers.
 */
final class Int8Rows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Bytes that widen to one float vector; none below 256-bit vectors (there is no 32-bit byte vector). */
    private static final VectorSpecies<Byte> B = F.vectorBitSize() >= 256
            ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4)) : null;

    private Int8Rows() {}

    /** Rounds x[xo..xo+n) into q[qo..qo+n) and returns its scale. */
    static float quantize(float[] x, int xo, int n, byte[] q, int qo) {
        float max = 0f;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(x[xo + i]));
        }
        float scale = max / 127f;
        for (int i = 0; i < n; i++) {
            float r = scale == 0f ? 0f : (float) Math.rint(x[xo + i] / scale);
            q[qo + i] = (byte) Math.max(-127f, Math.min(127f, r));
        }
        return scale;
    }

    /** out[0..n) = q[qo..qo+n) * scale, each product one float multiplication (exact, whatever the vector width). */
    static void dequantize(byte[] q, int qo, float scale, int n, float[] out) {
        int i = 0;
        if (B != null) {
            FloatVector s = FloatVector.broadcast(F, scale);
            for (int upper = F.loopBound(n); i < upper; i += F.length()) {
                ((FloatVector) ByteVector.fromArray(B, q, qo + i).convertShape(VectorOperators.B2F, F, 0))
                        .mul(s).intoArray(out, i);
            }
        }
        for (; i < n; i++) {
            out[i] = q[qo + i] * scale;
        }
    }
}
