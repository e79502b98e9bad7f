package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.BFloat16BufferTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W^T for F32 or BF16 weights [out, in], on the Vector API. Replaces Jlama 0.8.4's GEMM kernels, which are
 * slow for BF16 (one output at a time, the weight row re-read and re-widened for every input row: 4x slower
 * prefill on the 2b shape) and wrong for some shapes (their mnpack recursion never computes a corner of the output,
 * rows M - M % 3.. x columns N - N % 4.., when both remainders are non-zero).
 *
 * <p>Prefill: four weight rows at a time are widened once, from Jlama's mapped segment, into a float32 block, then
 * every input row is multiplied against it with 4x4 register tiles. Decode (one row): the weights are widened
 * straight into the FMAs. Both do the same operations per output in the same order.
 */
final class PackedMatmul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Shorts that widen to exactly one float vector, so the widening is a single in-place instruction. */
    private static final VectorSpecies<Short> S =
            VectorSpecies.of(short.class, VectorShape.forBitSize(F.vectorBitSize() / 2));
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    static final int BLOCK = 4;
    /** Batches of up to this many rows (decode steps) multiply straight from the mapped weights. */
    static final int SMALL_BATCH = 16;
    /**
     * Inputs reduced per pass: whole rows for the 2b shape's hidden size (fewer partial sums to add), while a
     * 128-row slice of x (2 MiB) still mostly stays in L2 for the wide down projection.
     */
    static final int K_SLICE = 4096;
    /**
     * With 16 lanes, the four accumulators of one input row are summed in registers by a pairwise tree (lanes i and
     * i + 8, then i + 4, + 2, + 1) in place of a spill and 64 scalar adds (a tenth of the prefill time); every path
     * uses the same tree, so prefill still equals decode bit for bit.
     */
    private static final boolean TREE = F.length() == 16;
    private static final VectorMask<Float> HALF_8 = TREE ? lanesWithBit(8) : null;
    private static final VectorMask<Float> BIT_4 = TREE ? lanesWithBit(4) : null;
    private static final VectorShuffle<Float> SWAP_8 = TREE ? VectorShuffle.fromOp(F, i -> i ^ 8) : null;
    private static final VectorShuffle<Float> SWAP_4 = TREE ? VectorShuffle.fromOp(F, i -> i ^ 4) : null;
    private static final VectorShuffle<Float> SWAP_2 = TREE ? VectorShuffle.fromOp(F, i -> i ^ 2) : null;
    private static final VectorShuffle<Float> SWAP_1 = TREE ? VectorShuffle.fromOp(F, i -> i ^ 1) : null;

    private PackedMatmul() {}

    /** True when this weight can use the kernel: F32/BF16 and a width that is a whole number of vectors. */
    static boolean supports(AbstractTensor w) {
        int in = w.shape().dim(1);
        return (w.dType() == DType.F32 || w.dType() == DType.BF16) && in % F.length() == 0
                && S.length() == F.length();
    }

    /**
     * Output columns [start, start+count) for all {@code rows} input rows. The reduction runs in slices of
     * {@link #K_SLICE} inputs so that the slice of x stays in cache while every weight block passes by; the
     * slices are summed in the same order whatever the number of rows, so prefill and decode agree bit for bit.
     */
    static void multiply(AbstractTensor w, float[] x, int rows, float[] y, int start, int count) {
        int in = w.shape().dim(1);
        int out = w.shape().dim(0);
        float[] block = new float[BLOCK * Math.min(K_SLICE, in)];
        float[] lanes = new float[BLOCK * F.length()];
        boolean direct = w instanceof BFloat16BufferTensor || w instanceof FloatBufferTensor;
        for (int r = 0; r < rows; r++) {
            java.util.Arrays.fill(y, r * out + start, r * out + start + count, 0f);
        }
        for (int k0 = 0; k0 < in; k0 += K_SLICE) {
            int len = Math.min(K_SLICE, in - k0);
            for (int j = start; j < start + count; j += BLOCK) {
                int valid = Math.min(BLOCK, start + count - j);
                if (rows <= SMALL_BATCH && valid == BLOCK && direct) {
                    // Decode steps of one or a few sequences: each weight is read from the mapping once per four
                    // input rows, with no pass through the block (widening it costs more than a few rows use).
                    int i = 0;
                    for (; i + BLOCK <= rows; i += BLOCK) {
                        direct4x4(w, x, i, in, k0, len, y, out, j, lanes);
                    }
                    for (; i < rows; i++) {
                        direct1x4(w, x, i * in + k0, k0, len, y, i * out + j, j, lanes);
                    }
                    continue;
                }
                pack(w, j, valid, k0, len, block);
                int i = 0;
                for (; i + BLOCK <= rows; i += BLOCK) {
                    tile4x4(x, i, in, k0, len, block, y, out, j, valid, lanes);
                }
                for (; i < rows; i++) {
                    tile1x4(x, i, in, k0, len, block, y, out, j, valid, lanes);
                }
            }
        }
    }

    /** Widens weight rows [row, row+valid), inputs [k0, k0+len), into block[r][len]; missing rows are zeros. */
    private static void pack(AbstractTensor w, int row, int valid, int k0, int len, float[] block) {
        java.util.Arrays.fill(block, valid * len, BLOCK * len, 0f);
        boolean bf16 = w.dType() == DType.BF16;
        if (!(w instanceof BFloat16BufferTensor) && !(w instanceof FloatBufferTensor)) {
            packThroughTensor(w, bf16, row, valid, k0, len, block);
            return;
        }
        // Straight from the mapped segment with a constant species: Jlama's getVector(species, int...) takes the
        // species as an argument, which keeps the Vector API from compiling the load (half the prefill time).
        var segment = w.getMemorySegment();
        int width = bf16 ? 2 : 4;
        for (int r = 0; r < valid; r++) {
            long at = w.getMemorySegmentOffset(w.getOffset(row + r, k0));
            int base = r * len;
            for (int k = 0; k < len; k += F.length()) {
                FloatVector v = bf16
                        ? widen(ShortVector.fromMemorySegment(S, segment, at + (long) k * width, ByteOrder.LITTLE_ENDIAN))
                        : FloatVector.fromMemorySegment(F, segment, at + (long) k * width, ByteOrder.LITTLE_ENDIAN);
                v.intoArray(block, base + k);
            }
        }
    }

    /**
     * Decode (one input row): the weights stream from memory once, so widen them straight into the FMAs rather
     * than through the block. Same operations in the same order as pack + tile1x4, hence the same bits.
     */
    private static void direct1x4(AbstractTensor w, float[] x, int xAt, int k0, int len, float[] y, int yAt, int j,
            float[] lanes) {
        var segment = w.getMemorySegment();
        boolean bf16 = w.dType() == DType.BF16;
        int width = bf16 ? 2 : 4;
        long r0 = w.getMemorySegmentOffset(w.getOffset(j, k0));
        long r1 = w.getMemorySegmentOffset(w.getOffset(j + 1, k0));
        long r2 = w.getMemorySegmentOffset(w.getOffset(j + 2, k0));
        long r3 = w.getMemorySegmentOffset(w.getOffset(j + 3, k0));
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        for (int k = 0; k < len; k += F.length()) {
            long step = (long) k * width;
            FloatVector a = FloatVector.fromArray(F, x, xAt + k);
            FloatVector b0, b1, b2, b3;
            if (bf16) {
                b0 = widen(ShortVector.fromMemorySegment(S, segment, r0 + step, ByteOrder.LITTLE_ENDIAN));
                b1 = widen(ShortVector.fromMemorySegment(S, segment, r1 + step, ByteOrder.LITTLE_ENDIAN));
                b2 = widen(ShortVector.fromMemorySegment(S, segment, r2 + step, ByteOrder.LITTLE_ENDIAN));
                b3 = widen(ShortVector.fromMemorySegment(S, segment, r3 + step, ByteOrder.LITTLE_ENDIAN));
            } else {
                b0 = FloatVector.fromMemorySegment(F, segment, r0 + step, ByteOrder.LITTLE_ENDIAN);
                b1 = FloatVector.fromMemorySegment(F, segment, r1 + step, ByteOrder.LITTLE_ENDIAN);
                b2 = FloatVector.fromMemorySegment(F, segment, r2 + step, ByteOrder.LITTLE_ENDIAN);
                b3 = FloatVector.fromMemorySegment(F, segment, r3 + step, ByteOrder.LITTLE_ENDIAN);
            }
            c0 = a.fma(b0, c0);
            c1 = a.fma(b1, c1);
            c2 = a.fma(b2, c2);
            c3 = a.fma(b3, c3);
        }
        if (TREE) {
            FloatVector ab = c0.blend(c1, HALF_8).add(c1.blend(c0, HALF_8).rearrange(SWAP_8));
            FloatVector cd = c2.blend(c3, HALF_8).add(c3.blend(c2, HALF_8).rearrange(SWAP_8));
            FloatVector r = ab.blend(cd, BIT_4).add(cd.blend(ab, BIT_4).rearrange(SWAP_4));
            r = r.add(r.rearrange(SWAP_2));
            r.add(r.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, yAt, BLOCK, lanes);
        } else {
            int n = F.length();
            c0.intoArray(lanes, 0);
            c1.intoArray(lanes, n);
            c2.intoArray(lanes, 2 * n);
            c3.intoArray(lanes, 3 * n);
            addSums(y, yAt, BLOCK, lanes);
        }
    }

    /** Any other Jlama tensor (e.g. a segmented one over several mappings), through its own accessor. */
    private static void packThroughTensor(AbstractTensor w, boolean bf16, int row, int valid, int k0, int len,
            float[] block) {
        for (int r = 0; r < valid; r++) {
            int base = r * len;
            for (int k = 0; k < len; k += F.length()) {
                FloatVector v = bf16
                        ? widen((ShortVector) w.getVector(S, row + r, k0 + k))
                        : (FloatVector) w.getVector(F, row + r, k0 + k);
                v.intoArray(block, base + k);
            }
        }
    }

    /** bfloat16 is the top half of a float32: zero-extend and shift. */
    private static FloatVector widen(ShortVector s) {
        return ((IntVector) s.convertShape(VectorOperators.ZERO_EXTEND_S2I, I, 0))
                .lanewise(VectorOperators.LSHL, 16)
                .reinterpretAsFloats();
    }

    private static void tile4x4(float[] x, int i, int in, int k0, int len, float[] b, float[] y, int out, int j,
            int valid, float[] lanes) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int x0 = i * in + k0, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int k = 0; k < len; k += F.length()) {
            FloatVector b0 = FloatVector.fromArray(F, b, k);
            FloatVector b1 = FloatVector.fromArray(F, b, len + k);
            FloatVector b2 = FloatVector.fromArray(F, b, 2 * len + k);
            FloatVector b3 = FloatVector.fromArray(F, b, 3 * len + k);
            FloatVector a = FloatVector.fromArray(F, x, x0 + k);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.fromArray(F, x, x1 + k);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.fromArray(F, x, x2 + k);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.fromArray(F, x, x3 + k);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
        }
        // Reduce the accumulators here, not in a helper taking vectors: a call would box them and stall C2.
        if (TREE) {
            FloatVector ab0 = c00.blend(c01, HALF_8).add(c01.blend(c00, HALF_8).rearrange(SWAP_8));
            FloatVector cd0 = c02.blend(c03, HALF_8).add(c03.blend(c02, HALF_8).rearrange(SWAP_8));
            FloatVector r0 = ab0.blend(cd0, BIT_4).add(cd0.blend(ab0, BIT_4).rearrange(SWAP_4));
            r0 = r0.add(r0.rearrange(SWAP_2));
            r0.add(r0.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, i * out + j, valid, lanes);
            FloatVector ab1 = c10.blend(c11, HALF_8).add(c11.blend(c10, HALF_8).rearrange(SWAP_8));
            FloatVector cd1 = c12.blend(c13, HALF_8).add(c13.blend(c12, HALF_8).rearrange(SWAP_8));
            FloatVector r1 = ab1.blend(cd1, BIT_4).add(cd1.blend(ab1, BIT_4).rearrange(SWAP_4));
            r1 = r1.add(r1.rearrange(SWAP_2));
            r1.add(r1.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 1) * out + j, valid, lanes);
            FloatVector ab2 = c20.blend(c21, HALF_8).add(c21.blend(c20, HALF_8).rearrange(SWAP_8));
            FloatVector cd2 = c22.blend(c23, HALF_8).add(c23.blend(c22, HALF_8).rearrange(SWAP_8));
            FloatVector r2 = ab2.blend(cd2, BIT_4).add(cd2.blend(ab2, BIT_4).rearrange(SWAP_4));
            r2 = r2.add(r2.rearrange(SWAP_2));
            r2.add(r2.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 2) * out + j, valid, lanes);
            FloatVector ab3 = c30.blend(c31, HALF_8).add(c31.blend(c30, HALF_8).rearrange(SWAP_8));
            FloatVector cd3 = c32.blend(c33, HALF_8).add(c33.blend(c32, HALF_8).rearrange(SWAP_8));
            FloatVector r3 = ab3.blend(cd3, BIT_4).add(cd3.blend(ab3, BIT_4).rearrange(SWAP_4));
            r3 = r3.add(r3.rearrange(SWAP_2));
            r3.add(r3.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 3) * out + j, valid, lanes);
            return;
        }
        int n = F.length();
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, n);
        c02.intoArray(lanes, 2 * n);
        c03.intoArray(lanes, 3 * n);
        addSums(y, i * out + j, valid, lanes);
        c10.intoArray(lanes, 0);
        c11.intoArray(lanes, n);
        c12.intoArray(lanes, 2 * n);
        c13.intoArray(lanes, 3 * n);
        addSums(y, (i + 1) * out + j, valid, lanes);
        c20.intoArray(lanes, 0);
        c21.intoArray(lanes, n);
        c22.intoArray(lanes, 2 * n);
        c23.intoArray(lanes, 3 * n);
        addSums(y, (i + 2) * out + j, valid, lanes);
        c30.intoArray(lanes, 0);
        c31.intoArray(lanes, n);
        c32.intoArray(lanes, 2 * n);
        c33.intoArray(lanes, 3 * n);
        addSums(y, (i + 3) * out + j, valid, lanes);
    }

    /**
     * A small batch's 4x4 tile (four input rows, weight rows j..j+3) with the weights widened straight from the
     * mapped segment, as in {@link #direct1x4}: the same operations in the same order as pack + tile4x4.
     */
    private static void direct4x4(AbstractTensor w, float[] x, int i, int in, int k0, int len, float[] y, int out,
            int j, float[] lanes) {
        int valid = BLOCK;
        var segment = w.getMemorySegment();
        boolean bf16 = w.dType() == DType.BF16;
        int width = bf16 ? 2 : 4;
        long w0 = w.getMemorySegmentOffset(w.getOffset(j, k0));
        long w1 = w.getMemorySegmentOffset(w.getOffset(j + 1, k0));
        long w2 = w.getMemorySegmentOffset(w.getOffset(j + 2, k0));
        long w3 = w.getMemorySegmentOffset(w.getOffset(j + 3, k0));
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int x0 = i * in + k0, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        for (int k = 0; k < len; k += F.length()) {
            long step = (long) k * width;
            FloatVector b0, b1, b2, b3;
            if (bf16) {
                b0 = widen(ShortVector.fromMemorySegment(S, segment, w0 + step, ByteOrder.LITTLE_ENDIAN));
                b1 = widen(ShortVector.fromMemorySegment(S, segment, w1 + step, ByteOrder.LITTLE_ENDIAN));
                b2 = widen(ShortVector.fromMemorySegment(S, segment, w2 + step, ByteOrder.LITTLE_ENDIAN));
                b3 = widen(ShortVector.fromMemorySegment(S, segment, w3 + step, ByteOrder.LITTLE_ENDIAN));
            } else {
                b0 = FloatVector.fromMemorySegment(F, segment, w0 + step, ByteOrder.LITTLE_ENDIAN);
                b1 = FloatVector.fromMemorySegment(F, segment, w1 + step, ByteOrder.LITTLE_ENDIAN);
                b2 = FloatVector.fromMemorySegment(F, segment, w2 + step, ByteOrder.LITTLE_ENDIAN);
                b3 = FloatVector.fromMemorySegment(F, segment, w3 + step, ByteOrder.LITTLE_ENDIAN);
            }
            FloatVector a = FloatVector.fromArray(F, x, x0 + k);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            c02 = a.fma(b2, c02);
            c03 = a.fma(b3, c03);
            a = FloatVector.fromArray(F, x, x1 + k);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            c12 = a.fma(b2, c12);
            c13 = a.fma(b3, c13);
            a = FloatVector.fromArray(F, x, x2 + k);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            c22 = a.fma(b2, c22);
            c23 = a.fma(b3, c23);
            a = FloatVector.fromArray(F, x, x3 + k);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            c32 = a.fma(b2, c32);
            c33 = a.fma(b3, c33);
        }
        // Reduce the accumulators here, not in a helper taking vectors: a call would box them and stall C2.
        if (TREE) {
            FloatVector ab0 = c00.blend(c01, HALF_8).add(c01.blend(c00, HALF_8).rearrange(SWAP_8));
            FloatVector cd0 = c02.blend(c03, HALF_8).add(c03.blend(c02, HALF_8).rearrange(SWAP_8));
            FloatVector r0 = ab0.blend(cd0, BIT_4).add(cd0.blend(ab0, BIT_4).rearrange(SWAP_4));
            r0 = r0.add(r0.rearrange(SWAP_2));
            r0.add(r0.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, i * out + j, valid, lanes);
            FloatVector ab1 = c10.blend(c11, HALF_8).add(c11.blend(c10, HALF_8).rearrange(SWAP_8));
            FloatVector cd1 = c12.blend(c13, HALF_8).add(c13.blend(c12, HALF_8).rearrange(SWAP_8));
            FloatVector r1 = ab1.blend(cd1, BIT_4).add(cd1.blend(ab1, BIT_4).rearrange(SWAP_4));
            r1 = r1.add(r1.rearrange(SWAP_2));
            r1.add(r1.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 1) * out + j, valid, lanes);
            FloatVector ab2 = c20.blend(c21, HALF_8).add(c21.blend(c20, HALF_8).rearrange(SWAP_8));
            FloatVector cd2 = c22.blend(c23, HALF_8).add(c23.blend(c22, HALF_8).rearrange(SWAP_8));
            FloatVector r2 = ab2.blend(cd2, BIT_4).add(cd2.blend(ab2, BIT_4).rearrange(SWAP_4));
            r2 = r2.add(r2.rearrange(SWAP_2));
            r2.add(r2.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 2) * out + j, valid, lanes);
            FloatVector ab3 = c30.blend(c31, HALF_8).add(c31.blend(c30, HALF_8).rearrange(SWAP_8));
            FloatVector cd3 = c32.blend(c33, HALF_8).add(c33.blend(c32, HALF_8).rearrange(SWAP_8));
            FloatVector r3 = ab3.blend(cd3, BIT_4).add(cd3.blend(ab3, BIT_4).rearrange(SWAP_4));
            r3 = r3.add(r3.rearrange(SWAP_2));
            r3.add(r3.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, (i + 3) * out + j, valid, lanes);
            return;
        }
        int n = F.length();
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, n);
        c02.intoArray(lanes, 2 * n);
        c03.intoArray(lanes, 3 * n);
        addSums(y, i * out + j, valid, lanes);
        c10.intoArray(lanes, 0);
        c11.intoArray(lanes, n);
        c12.intoArray(lanes, 2 * n);
        c13.intoArray(lanes, 3 * n);
        addSums(y, (i + 1) * out + j, valid, lanes);
        c20.intoArray(lanes, 0);
        c21.intoArray(lanes, n);
        c22.intoArray(lanes, 2 * n);
        c23.intoArray(lanes, 3 * n);
        addSums(y, (i + 2) * out + j, valid, lanes);
        c30.intoArray(lanes, 0);
        c31.intoArray(lanes, n);
        c32.intoArray(lanes, 2 * n);
        c33.intoArray(lanes, 3 * n);
        addSums(y, (i + 3) * out + j, valid, lanes);
    }

    private static void tile1x4(float[] x, int i, int in, int k0, int len, float[] b, float[] y, int out, int j,
            int valid, float[] lanes) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        int x0 = i * in + k0;
        for (int k = 0; k < len; k += F.length()) {
            FloatVector a = FloatVector.fromArray(F, x, x0 + k);
            c0 = a.fma(FloatVector.fromArray(F, b, k), c0);
            c1 = a.fma(FloatVector.fromArray(F, b, len + k), c1);
            c2 = a.fma(FloatVector.fromArray(F, b, 2 * len + k), c2);
            c3 = a.fma(FloatVector.fromArray(F, b, 3 * len + k), c3);
        }
        if (TREE) {
            FloatVector ab = c0.blend(c1, HALF_8).add(c1.blend(c0, HALF_8).rearrange(SWAP_8));
            FloatVector cd = c2.blend(c3, HALF_8).add(c3.blend(c2, HALF_8).rearrange(SWAP_8));
            FloatVector r = ab.blend(cd, BIT_4).add(cd.blend(ab, BIT_4).rearrange(SWAP_4));
            r = r.add(r.rearrange(SWAP_2));
            r.add(r.rearrange(SWAP_1)).intoArray(lanes, 0);
            addTreeSums(y, i * out + j, valid, lanes);
        } else {
            int n = F.length();
            c0.intoArray(lanes, 0);
            c1.intoArray(lanes, n);
            c2.intoArray(lanes, 2 * n);
            c3.intoArray(lanes, 3 * n);
            addSums(y, i * out + j, valid, lanes);
        }
    }

    private static VectorMask<Float> lanesWithBit(int bit) {
        boolean[] set = new boolean[F.length()];
        for (int i = 0; i < set.length; i++) {
            set[i] = (i & bit) != 0;
        }
        return VectorMask.fromArray(F, set, 0);
    }

    /** After the tree: the sums of the four columns sit in lanes 0, 8, 4 and 12. */
    private static void addTreeSums(float[] y, int at, int valid, float[] lanes) {
        y[at] += lanes[0];
        if (valid > 1) {
            y[at + 1] += lanes[8];
        }
        if (valid > 2) {
            y[at + 2] += lanes[4];
        }
        if (valid > 3) {
            y[at + 3] += lanes[12];
        }
    }

    /**
     * y[at + c] += sum of lanes[c*n .. c*n+n) for the valid columns, summed in a fixed order: not reduceLanes,
     * whose order is unspecified and differs between interpreted and compiled code (logits would then depend on
     * JIT warm-up, and prefill would not equal decode bit for bit).
     */
    private static void addSums(float[] y, int at, int valid, float[] lanes) {
        int n = lanes.length / BLOCK;
        for (int c = 0; c < valid; c++) {
            int base = c * n;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int l = 0; l < n; l += 4) {
                s0 += lanes[base + l];
                s1 += lanes[base + l + 1];
                s2 += lanes[base + l + 2];
                s3 += lanes[base + l + 3];
            }
            y[at + c] += (s0 + s1) + (s2 + s3);
        }
    }
}
