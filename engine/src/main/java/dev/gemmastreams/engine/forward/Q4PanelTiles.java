package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.quantize.Q4Format;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Q4 side of {@link PanelMatmul}: Q4 panels ({@link WeightPanels}) turned into float weights, either into the
 * widened block of prefill or inside the direct tiles of decode and small batches. Both compute each weight as
 * the same float, {@code (u - 8) * d}, and the tiles run the same FMA chain per output as PanelMatmul's, so a Q4
 * row is the same bits alone, in a batch or in prefill.
 *
 * <p>A row of L nibble pairs is loaded as L bytes and sign-extended to L ints. The low nibble masked in place and
 * given the exponent of 2^23 reads as the float 2^23 + u, exactly; the high nibble masked in place (bit 4) and
 * given the exponent of 2^19 reads as 2^19 + u. Subtracting 2^23 + 8 (2^19 + 8) leaves u - 8 exactly, and the
 * product with the scale is exact too (4 by 11 significant bits): one AND-OR, one subtraction and one
 * multiplication per L weights. That costs more than a BF16 widening, so batches of eight rows and more have
 * their own direct tile ({@link #direct8}: 8 rows x 2 panels), which decodes each weight once for eight rows.
 */
final class Q4PanelTiles {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();
    /**
     * Whether L bytes are a vector shape (floats of 256 bits or more); without, {@link Linear} multiplies Q4 weights
     * in a plain loop.
     */
    static final boolean SUPPORTED = F.vectorBitSize() >= 256;
    /** Bytes that sign-extend to exactly one int vector. */
    private static final VectorSpecies<Byte> B =
            SUPPORTED ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.vectorBitSize() / 4)) : null;
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    private static final int WIDTH = LANES * WeightPanels.PANELS_PER_GROUP;
    private static final int PAIRS = Q4Format.BLOCK_BYTES;
    private static final int LOW_EXPONENT = 150 << 23;
    private static final int HIGH_EXPONENT = 146 << 23;
    private static final float LOW_BIAS = (1 << 23) + 8;
    private static final float HIGH_BIAS = (1 << 19) + 8;

    private Q4PanelTiles() {}

    /** Inputs [k0, k0 + len) (whole blocks) of panel group g as floats: block[k][4 x L]. */
    static void widen(WeightPanels w, int g, int k0, int len, float[] block) {
        MemorySegment data = w.data();
        for (int c = 0; c < WeightPanels.PANELS_PER_GROUP; c++) {
            long panel = w.offset(g * WeightPanels.PANELS_PER_GROUP + c, k0);
            for (int b = 0; b < len / Q4Format.BLOCK; b++) {
                long at = panel + (long) b * WeightPanels.Q4_BLOCK_BYTES;
                FloatVector d = FloatVector.fromMemorySegment(F, data, at, ByteOrder.LITTLE_ENDIAN);
                int to = b * Q4Format.BLOCK * WIDTH + c * LANES;
                for (int m = 0; m < PAIRS; m++) {
                    IntVector v = pairs(data, at + WeightPanels.Q4_SCALE_BYTES + (long) m * LANES);
                    low(v).mul(d).intoArray(block, to + 2 * m * WIDTH);
                    high(v).mul(d).intoArray(block, to + (2 * m + 1) * WIDTH);
                }
            }
        }
    }

    /** One row of L nibble pairs as L ints. */
    private static IntVector pairs(MemorySegment data, long at) {
        return (IntVector) ByteVector.fromMemorySegment(B, data, at, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.B2I, I, 0);
    }

    /** u - 8 of the low nibbles (inputs 2m). */
    private static FloatVector low(IntVector v) {
        return v.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT).reinterpretAsFloats()
                .sub(LOW_BIAS);
    }

    /** u - 8 of the high nibbles (inputs 2m + 1). */
    private static FloatVector high(IntVector v) {
        return v.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                .reinterpretAsFloats().sub(HIGH_BIAS);
    }

    // The tiles are written out like PanelMatmul's, the decoding too: called as the small helpers above, it went past
    // C2's inlining node budget in the direct tiles (vectors boxed, decode ten times slower); widen stays small.

    /**
     * Rows i..i+7 of the two panels {@code panel} and {@code panel + 1} (outputs from j): each weight vector is
     * decoded once for eight rows, where {@link #direct4} decodes it once for four.
     */
    static void direct8(float[] x, int in, int i, WeightPanels w, int panel, float[] y, int out, int j,
            VectorMask<Float> m0, VectorMask<Float> m1) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        int y1 = (i + 1) * out + j;
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        int y2 = (i + 2) * out + j;
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        int y3 = (i + 3) * out + j;
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        int y4 = (i + 4) * out + j;
        FloatVector c40 = FloatVector.zero(F);
        FloatVector c41 = FloatVector.zero(F);
        int y5 = (i + 5) * out + j;
        FloatVector c50 = FloatVector.zero(F);
        FloatVector c51 = FloatVector.zero(F);
        int y6 = (i + 6) * out + j;
        FloatVector c60 = FloatVector.zero(F);
        FloatVector c61 = FloatVector.zero(F);
        int y7 = (i + 7) * out + j;
        FloatVector c70 = FloatVector.zero(F);
        FloatVector c71 = FloatVector.zero(F);
        int x0 = (i + 0) * in;
        int x1 = (i + 1) * in;
        int x2 = (i + 2) * in;
        int x3 = (i + 3) * in;
        int x4 = (i + 4) * in;
        int x5 = (i + 5) * in;
        int x6 = (i + 6) * in;
        int x7 = (i + 7) * in;
        MemorySegment data = w.data();
        long p0 = w.offset(panel, 0);
        long p1 = w.offset(panel + 1, 0);
        for (int k0 = 0; k0 < in; k0 += Q4Format.BLOCK) {
            long at = (long) (k0 / Q4Format.BLOCK) * WeightPanels.Q4_BLOCK_BYTES;
            FloatVector d0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
            for (int m = 0; m < PAIRS; m++) {
                long row = at + WeightPanels.Q4_SCALE_BYTES + (long) m * LANES;
                IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, data, p0 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, data, p1 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                int k = k0 + 2 * m;
                FloatVector b0 = v0.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d0);
                FloatVector b1 = v1.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d1);
                FloatVector a;
                a = FloatVector.broadcast(F, x[x0 + k]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(F, x[x1 + k]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(F, x[x2 + k]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(F, x[x3 + k]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
                a = FloatVector.broadcast(F, x[x4 + k]);
                c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(F, x[x5 + k]);
                c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
                a = FloatVector.broadcast(F, x[x6 + k]);
                c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(F, x[x7 + k]);
                c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
                b0 = v0.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d0);
                b1 = v1.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d1);
                a = FloatVector.broadcast(F, x[x0 + k + 1]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01);
                a = FloatVector.broadcast(F, x[x1 + k + 1]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11);
                a = FloatVector.broadcast(F, x[x2 + k + 1]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21);
                a = FloatVector.broadcast(F, x[x3 + k + 1]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31);
                a = FloatVector.broadcast(F, x[x4 + k + 1]);
                c40 = a.fma(b0, c40); c41 = a.fma(b1, c41);
                a = FloatVector.broadcast(F, x[x5 + k + 1]);
                c50 = a.fma(b0, c50); c51 = a.fma(b1, c51);
                a = FloatVector.broadcast(F, x[x6 + k + 1]);
                c60 = a.fma(b0, c60); c61 = a.fma(b1, c61);
                a = FloatVector.broadcast(F, x[x7 + k + 1]);
                c70 = a.fma(b0, c70); c71 = a.fma(b1, c71);
            }
        }
        c00.intoArray(y, y0, m0); c01.intoArray(y, y0 + LANES, m1);
        c10.intoArray(y, y1, m0); c11.intoArray(y, y1 + LANES, m1);
        c20.intoArray(y, y2, m0); c21.intoArray(y, y2 + LANES, m1);
        c30.intoArray(y, y3, m0); c31.intoArray(y, y3 + LANES, m1);
        c40.intoArray(y, y4, m0); c41.intoArray(y, y4 + LANES, m1);
        c50.intoArray(y, y5, m0); c51.intoArray(y, y5 + LANES, m1);
        c60.intoArray(y, y6, m0); c61.intoArray(y, y6 + LANES, m1);
        c70.intoArray(y, y7, m0); c71.intoArray(y, y7 + LANES, m1);
    }

    static void direct4(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
            VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c02 = FloatVector.zero(F);
        FloatVector c03 = FloatVector.zero(F);
        int y1 = (i + 1) * out + j;
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c12 = FloatVector.zero(F);
        FloatVector c13 = FloatVector.zero(F);
        int y2 = (i + 2) * out + j;
        FloatVector c20 = FloatVector.zero(F);
        FloatVector c21 = FloatVector.zero(F);
        FloatVector c22 = FloatVector.zero(F);
        FloatVector c23 = FloatVector.zero(F);
        int y3 = (i + 3) * out + j;
        FloatVector c30 = FloatVector.zero(F);
        FloatVector c31 = FloatVector.zero(F);
        FloatVector c32 = FloatVector.zero(F);
        FloatVector c33 = FloatVector.zero(F);
        int x0 = (i + 0) * in;
        int x1 = (i + 1) * in;
        int x2 = (i + 2) * in;
        int x3 = (i + 3) * in;
        MemorySegment data = w.data();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        for (int k0 = 0; k0 < in; k0 += Q4Format.BLOCK) {
            long at = (long) (k0 / Q4Format.BLOCK) * WeightPanels.Q4_BLOCK_BYTES;
            FloatVector d0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            for (int m = 0; m < PAIRS; m++) {
                long row = at + WeightPanels.Q4_SCALE_BYTES + (long) m * LANES;
                IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, data, p0 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, data, p1 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v2 = (IntVector) ByteVector.fromMemorySegment(B, data, p2 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v3 = (IntVector) ByteVector.fromMemorySegment(B, data, p3 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                int k = k0 + 2 * m;
                FloatVector b0 = v0.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d0);
                FloatVector b1 = v1.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d1);
                FloatVector b2 = v2.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d2);
                FloatVector b3 = v3.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d3);
                FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
                a = FloatVector.broadcast(F, x[x1 + k]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
                a = FloatVector.broadcast(F, x[x2 + k]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
                a = FloatVector.broadcast(F, x[x3 + k]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33);
                b0 = v0.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d0);
                b1 = v1.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d1);
                b2 = v2.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d2);
                b3 = v3.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d3);
                a = FloatVector.broadcast(F, x[x0 + k + 1]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
                a = FloatVector.broadcast(F, x[x1 + k + 1]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
                a = FloatVector.broadcast(F, x[x2 + k + 1]);
                c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
                a = FloatVector.broadcast(F, x[x3 + k + 1]);
                c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33);
            }
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
        c10.intoArray(y, y1 + 0 * LANES, m0); c11.intoArray(y, y1 + 1 * LANES, m1); c12.intoArray(y, y1 + 2 * LANES, m2); c13.intoArray(y, y1 + 3 * LANES, m3);
        c20.intoArray(y, y2 + 0 * LANES, m0); c21.intoArray(y, y2 + 1 * LANES, m1); c22.intoArray(y, y2 + 2 * LANES, m2); c23.intoArray(y, y2 + 3 * LANES, m3);
        c30.intoArray(y, y3 + 0 * LANES, m0); c31.intoArray(y, y3 + 1 * LANES, m1); c32.intoArray(y, y3 + 2 * LANES, m2); c33.intoArray(y, y3 + 3 * LANES, m3);
    }

    /** Rows i and i+1 of panel group g: each weight is decoded once for both (two single rows would decode it twice). */
    static void direct2(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
            VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c02 = FloatVector.zero(F);
        FloatVector c03 = FloatVector.zero(F);
        int y1 = (i + 1) * out + j;
        FloatVector c10 = FloatVector.zero(F);
        FloatVector c11 = FloatVector.zero(F);
        FloatVector c12 = FloatVector.zero(F);
        FloatVector c13 = FloatVector.zero(F);
        int x0 = (i + 0) * in;
        int x1 = (i + 1) * in;
        MemorySegment data = w.data();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        for (int k0 = 0; k0 < in; k0 += Q4Format.BLOCK) {
            long at = (long) (k0 / Q4Format.BLOCK) * WeightPanels.Q4_BLOCK_BYTES;
            FloatVector d0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            for (int m = 0; m < PAIRS; m++) {
                long row = at + WeightPanels.Q4_SCALE_BYTES + (long) m * LANES;
                IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, data, p0 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, data, p1 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v2 = (IntVector) ByteVector.fromMemorySegment(B, data, p2 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v3 = (IntVector) ByteVector.fromMemorySegment(B, data, p3 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                int k = k0 + 2 * m;
                FloatVector b0 = v0.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d0);
                FloatVector b1 = v1.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d1);
                FloatVector b2 = v2.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d2);
                FloatVector b3 = v3.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d3);
                FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
                a = FloatVector.broadcast(F, x[x1 + k]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
                b0 = v0.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d0);
                b1 = v1.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d1);
                b2 = v2.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d2);
                b3 = v3.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d3);
                a = FloatVector.broadcast(F, x[x0 + k + 1]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
                a = FloatVector.broadcast(F, x[x1 + k + 1]);
                c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
            }
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
        c10.intoArray(y, y1 + 0 * LANES, m0); c11.intoArray(y, y1 + 1 * LANES, m1); c12.intoArray(y, y1 + 2 * LANES, m2); c13.intoArray(y, y1 + 3 * LANES, m3);
    }

    static void direct1(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
            VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c02 = FloatVector.zero(F);
        FloatVector c03 = FloatVector.zero(F);
        int x0 = (i + 0) * in;
        MemorySegment data = w.data();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        for (int k0 = 0; k0 < in; k0 += Q4Format.BLOCK) {
            long at = (long) (k0 / Q4Format.BLOCK) * WeightPanels.Q4_BLOCK_BYTES;
            FloatVector d0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
            FloatVector d3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            for (int m = 0; m < PAIRS; m++) {
                long row = at + WeightPanels.Q4_SCALE_BYTES + (long) m * LANES;
                IntVector v0 = (IntVector) ByteVector.fromMemorySegment(B, data, p0 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v1 = (IntVector) ByteVector.fromMemorySegment(B, data, p1 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v2 = (IntVector) ByteVector.fromMemorySegment(B, data, p2 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                IntVector v3 = (IntVector) ByteVector.fromMemorySegment(B, data, p3 + row, ByteOrder.LITTLE_ENDIAN)
                        .convertShape(VectorOperators.B2I, I, 0);
                int k = k0 + 2 * m;
                FloatVector b0 = v0.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d0);
                FloatVector b1 = v1.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d1);
                FloatVector b2 = v2.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d2);
                FloatVector b3 = v3.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, LOW_EXPONENT)
                        .reinterpretAsFloats().sub(LOW_BIAS).mul(d3);
                FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
                b0 = v0.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d0);
                b1 = v1.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d1);
                b2 = v2.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d2);
                b3 = v3.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, HIGH_EXPONENT)
                        .reinterpretAsFloats().sub(HIGH_BIAS).mul(d3);
                a = FloatVector.broadcast(F, x[x0 + k + 1]);
                c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
            }
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
    }
}
