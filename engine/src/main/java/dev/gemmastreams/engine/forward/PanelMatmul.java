package dev.gemmastreams.engine.forward;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W^T for F32, BF16 or Q4 weights held as column panels ({@link WeightPanels}), in outer-product form: a register
 * tile holds rows x (4 x L) outputs, and every step broadcasts one input of each row and multiplies it by one
 * vector of weights per panel. Each output is therefore one chain of FMAs over its inputs in order, from zero:
 * {@code y = fma(x[k], w[k], y)} for k = 0, 1, ... That order does not depend on how many rows a call has or where
 * a row sits, so a row's result is the same bits alone (decode) or in any batch or prefill chunk.
 *
 * <p>Prefill (more than {@link #SMALL_BATCH} rows) widens a block of {@link #K_BLOCK} inputs of one panel group to
 * float32 once (64 KiB: it stays in L2) and runs every row over it in 6-row tiles, parking the partial sums in y
 * between blocks (a float stored and read back is the same float, so the chains are unchanged). The dot form it
 * replaces (16 lanes over the inputs, a horizontal sum per output) needed a 16-float accumulator per output, so
 * its tiles held only 4x4 outputs and streamed x from L2 for every four weight rows; this form measured 1.9x its
 * speed on the 2b shape's products (bench/README.md). Decode and small batches multiply straight from the panels.
 *
 * <p>Q4 panels take the same path: {@link Q4PanelTiles} turns their nibbles into the same float weights for the
 * widened block and inside its own direct tiles, so only the weights' decoding differs between the formats.
 */
final class PanelMatmul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int LANES = F.length();
    /** Shorts that widen to exactly one float vector. */
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());
    /** Batches of up to this many rows (decode steps) multiply straight from the panels. */
    static final int SMALL_BATCH = 16;
    /** Inputs widened together in prefill: 256 x 64 floats, 64 KiB. */
    static final int K_BLOCK = 256;
    private static final int WIDTH = LANES * WeightPanels.PANELS_PER_GROUP;

    private PanelMatmul() {}

    /** Columns of panel groups [firstGroup, firstGroup + groupCount) of y[rows][out], for all rows. */
    static void multiply(WeightPanels w, float[] x, int rows, float[] y, int firstGroup, int groupCount) {
        int in = w.in();
        int out = w.out();
        float[] block = rows <= SMALL_BATCH ? null : new float[K_BLOCK * WIDTH];
        for (int g = firstGroup; g < firstGroup + groupCount; g++) {
            int j = g * WIDTH;
            // Lanes past the last output (in the last group) are neither read nor written.
            VectorMask<Float> m0 = outputs(j, out);
            VectorMask<Float> m1 = outputs(j + LANES, out);
            VectorMask<Float> m2 = outputs(j + 2 * LANES, out);
            VectorMask<Float> m3 = outputs(j + 3 * LANES, out);
            if (block == null) {
                // The widest tile that fits the rows left reads each weight once for all of its rows. Q4 has an
                // 8-row tile, as its decoding costs more than BF16's widening; an 8-row BF16 tile measured slower
                // than two 4-row ones (26.9 against 30.7 tokens/s at 8 sequences, 2-core AMD EPYC).
                int i = 0;
                for (; w.q4() && i + 8 <= rows; i += 8) {
                    int panel = g * WeightPanels.PANELS_PER_GROUP;
                    Q4PanelTiles.direct8(x, in, i, w, panel, y, out, j, m0, m1);
                    Q4PanelTiles.direct8(x, in, i, w, panel + 2, y, out, j + 2 * LANES, m2, m3);
                }
                for (; i + 4 <= rows; i += 4) {
                    if (w.q4()) {
                        Q4PanelTiles.direct4(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    } else {
                        direct4(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    }
                }
                for (; i + 2 <= rows; i += 2) {
                    if (w.q4()) {
                        Q4PanelTiles.direct2(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    } else {
                        direct2(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    }
                }
                for (; i < rows; i++) {
                    if (w.q4()) {
                        Q4PanelTiles.direct1(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    } else {
                        direct1(x, in, i, w, g, y, out, j, m0, m1, m2, m3);
                    }
                }
                continue;
            }
            for (int k0 = 0; k0 < in; k0 += K_BLOCK) {
                int len = Math.min(K_BLOCK, in - k0);
                if (w.q4()) {
                    Q4PanelTiles.widen(w, g, k0, len, block);
                } else {
                    widen(w, g, k0, len, block);
                }
                int i = 0;
                for (; i + 6 <= rows; i += 6) {
                    tile6(x, in, i, k0, len, block, y, out, j, k0 == 0, m0, m1, m2, m3);
                }
                for (; i < rows; i++) {
                    tile1(x, in, i, k0, len, block, y, out, j, k0 == 0, m0, m1, m2, m3);
                }
            }
        }
    }

    /** The lanes of outputs [first, first + L) that exist. */
    private static VectorMask<Float> outputs(int first, int out) {
        return F.indexInRange(0, Math.max(0, out - first));
    }

    /** Inputs [k0, k0 + len) of panel group g as floats: block[k][4 x L]. */
    private static void widen(WeightPanels w, int g, int k0, int len, float[] block) {
        MemorySegment data = w.data();
        for (int c = 0; c < WeightPanels.PANELS_PER_GROUP; c++) {
            long at = w.offset(g * WeightPanels.PANELS_PER_GROUP + c, k0);
            long step = (long) LANES * (w.bf16() ? Short.BYTES : Float.BYTES);
            for (int k = 0; k < len; k++) {
                FloatVector v = w.bf16()
                        ? widen(ShortVector.fromMemorySegment(S, data, at + k * step, ByteOrder.LITTLE_ENDIAN))
                        : FloatVector.fromMemorySegment(F, data, at + k * step, ByteOrder.LITTLE_ENDIAN);
                v.intoArray(block, k * WIDTH + c * LANES);
            }
        }
    }

    /** bfloat16 is the top half of a float32: zero-extend and shift. */
    private static FloatVector widen(ShortVector s) {
        return ((IntVector) s.convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    // The tiles are written out (no arrays of vectors, no helper calls inside): the Vector API is fast only when C2
    // keeps every vector in a register. The direct tiles read the panels themselves; the others the widened block.

    private static void tile6(float[] x, int in, int i, int k0, int len, float[] block, float[] y, int out, int j,
            boolean first, VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 0 * LANES, m0);
        FloatVector c01 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 1 * LANES, m1);
        FloatVector c02 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 2 * LANES, m2);
        FloatVector c03 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 3 * LANES, m3);
        int y1 = (i + 1) * out + j;
        FloatVector c10 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y1 + 0 * LANES, m0);
        FloatVector c11 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y1 + 1 * LANES, m1);
        FloatVector c12 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y1 + 2 * LANES, m2);
        FloatVector c13 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y1 + 3 * LANES, m3);
        int y2 = (i + 2) * out + j;
        FloatVector c20 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y2 + 0 * LANES, m0);
        FloatVector c21 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y2 + 1 * LANES, m1);
        FloatVector c22 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y2 + 2 * LANES, m2);
        FloatVector c23 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y2 + 3 * LANES, m3);
        int y3 = (i + 3) * out + j;
        FloatVector c30 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y3 + 0 * LANES, m0);
        FloatVector c31 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y3 + 1 * LANES, m1);
        FloatVector c32 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y3 + 2 * LANES, m2);
        FloatVector c33 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y3 + 3 * LANES, m3);
        int y4 = (i + 4) * out + j;
        FloatVector c40 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y4 + 0 * LANES, m0);
        FloatVector c41 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y4 + 1 * LANES, m1);
        FloatVector c42 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y4 + 2 * LANES, m2);
        FloatVector c43 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y4 + 3 * LANES, m3);
        int y5 = (i + 5) * out + j;
        FloatVector c50 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y5 + 0 * LANES, m0);
        FloatVector c51 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y5 + 1 * LANES, m1);
        FloatVector c52 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y5 + 2 * LANES, m2);
        FloatVector c53 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y5 + 3 * LANES, m3);
        int x0 = (i + 0) * in + k0;
        int x1 = (i + 1) * in + k0;
        int x2 = (i + 2) * in + k0;
        int x3 = (i + 3) * in + k0;
        int x4 = (i + 4) * in + k0;
        int x5 = (i + 5) * in + k0;
        for (int k = 0; k < len; k++) {
            int at = k * WIDTH;
            FloatVector b0 = FloatVector.fromArray(F, block, at + 0 * LANES);
            FloatVector b1 = FloatVector.fromArray(F, block, at + 1 * LANES);
            FloatVector b2 = FloatVector.fromArray(F, block, at + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(F, block, at + 3 * LANES);
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, x[x1 + k]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(F, x[x2 + k]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(F, x[x3 + k]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33);
            a = FloatVector.broadcast(F, x[x4 + k]);
            c40 = a.fma(b0, c40); c41 = a.fma(b1, c41); c42 = a.fma(b2, c42); c43 = a.fma(b3, c43);
            a = FloatVector.broadcast(F, x[x5 + k]);
            c50 = a.fma(b0, c50); c51 = a.fma(b1, c51); c52 = a.fma(b2, c52); c53 = a.fma(b3, c53);
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
        c10.intoArray(y, y1 + 0 * LANES, m0); c11.intoArray(y, y1 + 1 * LANES, m1); c12.intoArray(y, y1 + 2 * LANES, m2); c13.intoArray(y, y1 + 3 * LANES, m3);
        c20.intoArray(y, y2 + 0 * LANES, m0); c21.intoArray(y, y2 + 1 * LANES, m1); c22.intoArray(y, y2 + 2 * LANES, m2); c23.intoArray(y, y2 + 3 * LANES, m3);
        c30.intoArray(y, y3 + 0 * LANES, m0); c31.intoArray(y, y3 + 1 * LANES, m1); c32.intoArray(y, y3 + 2 * LANES, m2); c33.intoArray(y, y3 + 3 * LANES, m3);
        c40.intoArray(y, y4 + 0 * LANES, m0); c41.intoArray(y, y4 + 1 * LANES, m1); c42.intoArray(y, y4 + 2 * LANES, m2); c43.intoArray(y, y4 + 3 * LANES, m3);
        c50.intoArray(y, y5 + 0 * LANES, m0); c51.intoArray(y, y5 + 1 * LANES, m1); c52.intoArray(y, y5 + 2 * LANES, m2); c53.intoArray(y, y5 + 3 * LANES, m3);
    }

    private static void tile1(float[] x, int in, int i, int k0, int len, float[] block, float[] y, int out, int j,
            boolean first, VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 0 * LANES, m0);
        FloatVector c01 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 1 * LANES, m1);
        FloatVector c02 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 2 * LANES, m2);
        FloatVector c03 = first ? FloatVector.zero(F) : FloatVector.fromArray(F, y, y0 + 3 * LANES, m3);
        int x0 = (i + 0) * in + k0;
        for (int k = 0; k < len; k++) {
            int at = k * WIDTH;
            FloatVector b0 = FloatVector.fromArray(F, block, at + 0 * LANES);
            FloatVector b1 = FloatVector.fromArray(F, block, at + 1 * LANES);
            FloatVector b2 = FloatVector.fromArray(F, block, at + 2 * LANES);
            FloatVector b3 = FloatVector.fromArray(F, block, at + 3 * LANES);
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
    }

    private static void direct4(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
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
        boolean bf16 = w.bf16();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        long step = (long) LANES * (bf16 ? Short.BYTES : Float.BYTES);
        for (int k = 0; k < in; k++) {
            long at = k * step;
            FloatVector b0, b1, b2, b3;
            if (bf16) {
                b0 = widen(ShortVector.fromMemorySegment(S, data, p0 + at, ByteOrder.LITTLE_ENDIAN));
                b1 = widen(ShortVector.fromMemorySegment(S, data, p1 + at, ByteOrder.LITTLE_ENDIAN));
                b2 = widen(ShortVector.fromMemorySegment(S, data, p2 + at, ByteOrder.LITTLE_ENDIAN));
                b3 = widen(ShortVector.fromMemorySegment(S, data, p3 + at, ByteOrder.LITTLE_ENDIAN));
            } else {
                b0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
                b1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
                b2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
                b3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            }
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, x[x1 + k]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
            a = FloatVector.broadcast(F, x[x2 + k]);
            c20 = a.fma(b0, c20); c21 = a.fma(b1, c21); c22 = a.fma(b2, c22); c23 = a.fma(b3, c23);
            a = FloatVector.broadcast(F, x[x3 + k]);
            c30 = a.fma(b0, c30); c31 = a.fma(b1, c31); c32 = a.fma(b2, c32); c33 = a.fma(b3, c33);
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
        c10.intoArray(y, y1 + 0 * LANES, m0); c11.intoArray(y, y1 + 1 * LANES, m1); c12.intoArray(y, y1 + 2 * LANES, m2); c13.intoArray(y, y1 + 3 * LANES, m3);
        c20.intoArray(y, y2 + 0 * LANES, m0); c21.intoArray(y, y2 + 1 * LANES, m1); c22.intoArray(y, y2 + 2 * LANES, m2); c23.intoArray(y, y2 + 3 * LANES, m3);
        c30.intoArray(y, y3 + 0 * LANES, m0); c31.intoArray(y, y3 + 1 * LANES, m1); c32.intoArray(y, y3 + 2 * LANES, m2); c33.intoArray(y, y3 + 3 * LANES, m3);
    }

    /** Rows i and i+1 of panel group g: each weight is read once for both (two single rows would read it twice). */
    private static void direct2(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
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
        boolean bf16 = w.bf16();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        long step = (long) LANES * (bf16 ? Short.BYTES : Float.BYTES);
        for (int k = 0; k < in; k++) {
            long at = k * step;
            FloatVector b0, b1, b2, b3;
            if (bf16) {
                b0 = widen(ShortVector.fromMemorySegment(S, data, p0 + at, ByteOrder.LITTLE_ENDIAN));
                b1 = widen(ShortVector.fromMemorySegment(S, data, p1 + at, ByteOrder.LITTLE_ENDIAN));
                b2 = widen(ShortVector.fromMemorySegment(S, data, p2 + at, ByteOrder.LITTLE_ENDIAN));
                b3 = widen(ShortVector.fromMemorySegment(S, data, p3 + at, ByteOrder.LITTLE_ENDIAN));
            } else {
                b0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
                b1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
                b2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
                b3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            }
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
            a = FloatVector.broadcast(F, x[x1 + k]);
            c10 = a.fma(b0, c10); c11 = a.fma(b1, c11); c12 = a.fma(b2, c12); c13 = a.fma(b3, c13);
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
        c10.intoArray(y, y1 + 0 * LANES, m0); c11.intoArray(y, y1 + 1 * LANES, m1); c12.intoArray(y, y1 + 2 * LANES, m2); c13.intoArray(y, y1 + 3 * LANES, m3);
    }

    private static void direct1(float[] x, int in, int i, WeightPanels w, int g, float[] y, int out, int j,
            VectorMask<Float> m0, VectorMask<Float> m1, VectorMask<Float> m2, VectorMask<Float> m3) {
        int y0 = (i + 0) * out + j;
        FloatVector c00 = FloatVector.zero(F);
        FloatVector c01 = FloatVector.zero(F);
        FloatVector c02 = FloatVector.zero(F);
        FloatVector c03 = FloatVector.zero(F);
        int x0 = (i + 0) * in;
        MemorySegment data = w.data();
        boolean bf16 = w.bf16();
        long p0 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 0, 0);
        long p1 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 1, 0);
        long p2 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 2, 0);
        long p3 = w.offset(g * WeightPanels.PANELS_PER_GROUP + 3, 0);
        long step = (long) LANES * (bf16 ? Short.BYTES : Float.BYTES);
        for (int k = 0; k < in; k++) {
            long at = k * step;
            FloatVector b0, b1, b2, b3;
            if (bf16) {
                b0 = widen(ShortVector.fromMemorySegment(S, data, p0 + at, ByteOrder.LITTLE_ENDIAN));
                b1 = widen(ShortVector.fromMemorySegment(S, data, p1 + at, ByteOrder.LITTLE_ENDIAN));
                b2 = widen(ShortVector.fromMemorySegment(S, data, p2 + at, ByteOrder.LITTLE_ENDIAN));
                b3 = widen(ShortVector.fromMemorySegment(S, data, p3 + at, ByteOrder.LITTLE_ENDIAN));
            } else {
                b0 = FloatVector.fromMemorySegment(F, data, p0 + at, ByteOrder.LITTLE_ENDIAN);
                b1 = FloatVector.fromMemorySegment(F, data, p1 + at, ByteOrder.LITTLE_ENDIAN);
                b2 = FloatVector.fromMemorySegment(F, data, p2 + at, ByteOrder.LITTLE_ENDIAN);
                b3 = FloatVector.fromMemorySegment(F, data, p3 + at, ByteOrder.LITTLE_ENDIAN);
            }
            FloatVector a = FloatVector.broadcast(F, x[x0 + k]);
            c00 = a.fma(b0, c00); c01 = a.fma(b1, c01); c02 = a.fma(b2, c02); c03 = a.fma(b3, c03);
        }
        c00.intoArray(y, y0 + 0 * LANES, m0); c01.intoArray(y, y0 + 1 * LANES, m1); c02.intoArray(y, y0 + 2 * LANES, m2); c03.intoArray(y, y0 + 3 * LANES, m3);
    }
}
