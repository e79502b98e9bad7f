package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W^T for Q4 weights ({@link Q4Format}) and float32 inputs, on the Vector API (AVX-512).
 *
 * <p>The weights are read 64 bytes at a time as one vector of 16 ints: a group of 4 blocks, 128 inputs. Nibble s
 * of every int (bits 4s..4s+3) holds one input of its block; which one is fixed, so x is permuted once per call
 * into that order ({@link #permute}) and the weights never are. Per output and group:
 * {@code t = sum over s of q_s * x_s} (lane-wise FMAs from zero, s = 0..7), then {@code acc = fma(t, scales, acc)}
 * with each block's scale spread over its 4 lanes, from zero for every slice of {@link #SLICE_GROUPS} groups;
 * the 16 lanes of each slice's {@code acc} are summed by {@link VectorMath#treeSum} and the slice sums added in
 * order.
 *
 * <p>Decode (one input row) runs that straight from the mapped file, one weight row after another so that the
 * weights are read as one sequential stream, and gets q without shifts or conversions (see {@link #decodePairs}).
 * Prefill goes slice by slice: it unpacks four weight rows of the slice into the same q floats and spread
 * scales, then multiplies every input row against them in 4x4 register tiles with the same operations in the same
 * order, so prefill equals token-by-token decode bit for bit.
 *
 * <p>Each kernel is one method whose loops are written out: the Vector API is fast only when C2 inlines every
 * vector operation, and calls to helper methods push a kernel past C2's inlining node budget (the vectors are then
 * boxed on the heap, ten times slower). Without 16 float lanes a plain loop computes the products (also the same
 * in prefill and decode, but slower).
 */
final class Q4Matmul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    /** Shorts that widen to one int vector. */
    private static final VectorSpecies<Short> HALF = VectorSpecies.of(short.class, VectorShape.forBitSize(I.vectorBitSize() / 2));
    private static final int N = F.length();
    static final boolean VECTOR = N == 16 && I.length() == 16 && HALF.length() == 16;
    /** Output rows unpacked together in prefill (and the alignment of the parallel split). */
    static final int ROWS = 4;
    /** Inputs per 64-byte vector of packed weights. */
    static final int GROUP = 128;
    private static final int BLOCKS_PER_GROUP = GROUP / Q4Format.BLOCK;
    /**
     * Groups summed apart before their sum joins the output, in prefill and decode alike: prefill unpacks four
     * weight rows one slice at a time (1024 inputs, 16 KiB: they stay in L1).
     */
    static final int SLICE_GROUPS = 8;
    /**
     * Batches of up to this many rows (the decode steps of batched sequences) multiply straight from the mapped
     * file like decode, four input rows per pass over each weight row: unpacking weights for them, as prefill
     * does, costs more than the products it feeds.
     */
    static final int SMALL_BATCH = 16;
    private static final int SLICE = SLICE_GROUPS * GROUP;
    /** Which input of its group each position of the permuted x holds (see the class comment). */
    private static final int[] SOURCE = new int[GROUP];
    /** The float bits of q = nibble - 8, indexed by the nibble. */
    private static final IntVector Q_BITS;
    /** Lane l takes block l / 4's scale. */
    private static final IntVector SPREAD;

    static {
        int[] q = new int[16];
        int[] spread = new int[16];
        for (int i = 0; i < 16; i++) {
            q[i] = Float.floatToRawIntBits(i - 8);
            spread[i] = i / 4;
        }
        for (int s = 0; s < 8; s++) {
            for (int l = 0; l < 16; l++) {
                int block = l / 4;
                int byteInBlock = 4 * (l % 4) + s / 2;
                SOURCE[s * 16 + l] = block * Q4Format.BLOCK + byteInBlock + (s % 2) * Q4Format.BLOCK_BYTES;
            }
        }
        Q_BITS = VECTOR ? IntVector.fromArray(I, q, 0) : null;
        SPREAD = VECTOR ? IntVector.fromArray(I, spread, 0) : null;
    }

    private Q4Matmul() {}

    /** Width of one permuted input row: whole groups, the tail zero. */
    static int permutedWidth(int in) {
        return (in + GROUP - 1) / GROUP * GROUP;
    }

    /** x[rows][in] -> into[rows][permutedWidth(in)] in the order the kernels read it (zeros past {@code in}). */
    static void permute(float[] x, int rows, int in, float[] into) {
        int width = permutedWidth(in);
        for (int r = 0; r < rows; r++) {
            int from = r * in;
            int to = r * width;
            for (int g = 0; g < width; g += GROUP) {
                for (int i = 0; i < GROUP; i++) {
                    int k = g + SOURCE[i];
                    into[to + g + i] = k < in ? x[from + k] : 0f;
                }
            }
        }
    }

    /**
     * Output columns [start, start+count) of y[rows][out]. With {@link #VECTOR}, {@code x} is the permuted input
     * ({@link #permute}); otherwise the plain x[rows][in].
     */
    static void multiply(Q4Matrix w, float[] x, int rows, float[] y, int start, int count) {
        if (!VECTOR) {
            plain(w, x, rows, y, start, count);
            return;
        }
        int width = permutedWidth(w.cols());
        int groups = width / GROUP;
        // Decode keeps one accumulator per slice, slots 0..groups / SLICE_GROUPS; prefill's tile4x1 needs ROWS.
        float[] lanes = new float[Math.max(ROWS, groups / SLICE_GROUPS + 1) * N];
        float[] rowScales = new float[width / Q4Format.BLOCK + N];
        if (rows == 1) {
            decode(w, x, y, start, count, rowScales, lanes);
            return;
        }
        if (rows <= SMALL_BATCH) {
            decodeRows(w, x, rows, y, start, count, rowScales);
            return;
        }
        int out = w.rows();
        float[] q = new float[ROWS * SLICE];
        float[] spread = new float[ROWS * SLICE_GROUPS * N];
        float[] accs = new float[16 * N];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(y, r * out + start, r * out + start + count, 0f);
        }
        // Slice by slice of the inputs, then weight rows: the slice of every input row (296 rows: 1.2 MiB) stays in
        // L2 while all the weight rows pass it, and four unpacked rows of the slice (16 KiB) stay in L1.
        for (int g0 = 0; g0 < groups; g0 += SLICE_GROUPS) {
            int g1 = Math.min(groups, g0 + SLICE_GROUPS);
            for (int j = start; j < start + count; j += ROWS) {
                int valid = Math.min(ROWS, start + count - j);
                unpack(w, j, valid, g0, g1, q, spread, rowScales);
                int i = 0;
                for (; i + 4 <= rows; i += 4) {
                    tile4x4(x, i, width, q, spread, g0, g1, accs);
                    for (int r = 0; r < 4; r++) {
                        for (int c = 0; c < valid; c++) {
                            y[(i + r) * out + j + c] += VectorMath.treeSum(accs, (r * ROWS + c) * N);
                        }
                    }
                }
                for (; i < rows; i++) {
                    tile4x1(x, i, width, q, spread, g0, g1, lanes);
                    for (int c = 0; c < valid; c++) {
                        y[i * out + j + c] += VectorMath.treeSum(lanes, c * N);
                    }
                }
            }
        }
    }

    /**
     * Row j's F16 scales of blocks [first, first+blocks) as floats in rowScales[first, first+blocks), straight from
     * the mapped file; the rest of the last vector is zero.
     */
    private static void loadScales(Q4Matrix w, int j, int first, int blocks, float[] rowScales) {
        var segment = w.scalesView().getMemorySegment();
        long at = ((long) j * w.blocksPerRow() + first) * Short.BYTES;
        for (int b = 0; b < blocks; b += N) {
            IntVector h = (IntVector) ShortVector.fromMemorySegment(HALF, segment, at + (long) b * Short.BYTES,
                    ByteOrder.LITTLE_ENDIAN, HALF.indexInRange(b, blocks)).convertShape(VectorOperators.S2I, I, 0);
            halfToFloat(h).intoArray(rowScales, first + b);
        }
    }

    /**
     * F16 bits (in the low 16 bits of each lane) to floats, exact for every finite value: sign and the 15 other
     * bits moved to their F32 places read as a float 2^-112 times too small (F16 subnormals become F32 ones), then
     * scaled by 2^112. Scalar {@link Float#float16ToFloat} was a fifth of the decode time.
     */
    static FloatVector halfToFloat(IntVector h) {
        IntVector bits = h.lanewise(VectorOperators.AND, 0x7fff).lanewise(VectorOperators.LSHL, 13)
                .or(h.lanewise(VectorOperators.AND, 0x8000).lanewise(VectorOperators.LSHL, 16));
        return bits.reinterpretAsFloats().mul(0x1p112f);
    }

    /**
     * Outputs [start, start+count) of one input row, straight from the mapped file, one row after another. Each
     * slice of {@link #SLICE_GROUPS} groups is summed on its own (lanes[slice][16]) and the slice sums added in
     * order, as in prefill.
     */
    private static void decode(Q4Matrix w, float[] xp, float[] y, int start, int count, float[] rowScales,
            float[] lanes) {
        int in = w.cols();
        int whole = in / GROUP;
        int pairs = whole / 2 * 2;
        int slices = (permutedWidth(in) / GROUP + SLICE_GROUPS - 1) / SLICE_GROUPS;
        float[] q = new float[GROUP];
        for (int j = start; j < start + count; j++) {
            loadScales(w, j, 0, w.blocksPerRow(), rowScales);
            decodePairs(w, xp, j, pairs, rowScales, lanes);
            if (pairs < whole) {
                unpackGroup(w, j, pairs, q, 0);
                addGroup(q, 0, xp, pairs * GROUP, rowScales, pairs, lanes, pairs / SLICE_GROUPS * N);
            }
            if (whole * GROUP < in) {
                unpackTail(w, j, q, 0);
                addGroup(q, 0, xp, whole * GROUP, rowScales, whole, lanes, whole / SLICE_GROUPS * N);
            }
            float sum = 0;
            for (int slice = 0; slice < slices; slice++) {
                sum += VectorMath.treeSum(lanes, slice * N);
            }
            y[j] = sum;
        }
    }

    /**
     * Outputs [start, start+count) of 2..{@link #SMALL_BATCH} input rows, straight from the mapped file: each weight
     * row's nibbles are turned into floats in registers once per four input rows ({@link #decode4}). Per output the same operations in the same order as
     * {@link #decode} (one group after another into the slice accumulators, the partial last group through
     * {@link #addGroup}, slice sums added in order), so every row equals its decode bit for bit.
     */
    private static void decodeRows(Q4Matrix w, float[] xp, int rows, float[] y, int start, int count,
            float[] rowScales) {
        int in = w.cols();
        int width = permutedWidth(in);
        int whole = in / GROUP;
        int out = w.rows();
        int slots = width / GROUP / SLICE_GROUPS + 1;
        int slices = (width / GROUP + SLICE_GROUPS - 1) / SLICE_GROUPS;
        float[] lanes = new float[rows * slots * N];
        float[] q = new float[GROUP];
        // Four input rows at a time over all the weight rows: their x (4 x 9 KiB for 2304 inputs) stays in L1 while
        // the weights stream by; with all rows at once per weight row, x spilled to L2 and a pass of 8 rows took
        // four times one of 4. The weights are streamed once per four rows instead.
        for (int r = 0; r < rows; r += 4) {
            int last = Math.min(rows, r + 4);
            for (int j = start; j < start + count; j++) {
                loadScales(w, j, 0, w.blocksPerRow(), rowScales);
                // A pass of fewer than four rows repeats its first row in the missing places.
                decode4(w, xp, width, j, whole, r, r + 1 < rows ? r + 1 : r, r + 2 < rows ? r + 2 : r,
                        r + 3 < rows ? r + 3 : r, rowScales, lanes, slots);
                if (whole * GROUP < in) {
                    unpackTail(w, j, q, 0);
                    for (int i = r; i < last; i++) {
                        addGroup(q, 0, xp, i * width + whole * GROUP, rowScales, whole, lanes,
                                (i * slots + whole / SLICE_GROUPS) * N);
                    }
                }
                for (int i = r; i < last; i++) {
                    float sum = 0;
                    for (int slice = 0; slice < slices; slice++) {
                        sum += VectorMath.treeSum(lanes, (i * slots + slice) * N);
                    }
                    y[i * out + j] = sum;
                }
            }
        }
    }

    /**
     * lanes[r][slice] for input rows a, b, c, d and weight row j over the whole groups [0, whole): the slice
     * accumulators of {@link #decodePairs}, one group at a time, each weight vector converted once for four rows.
     */
    private static void decode4(Q4Matrix w, float[] xp, int width, int j, int whole, int a, int b, int c, int d,
            float[] rowScales, float[] lanes, int slots) {
        var packed = w.segmentView().getMemorySegment();
        long row = (long) j * (w.cols() / 2);
        int xa = a * width, xb = b * width, xc = c * width, xd = d * width;
        FloatVector acc0 = FloatVector.zero(F), acc1 = acc0, acc2 = acc0, acc3 = acc0;
        for (int g = 0; g < whole; g++) {
            IntVector v = IntVector.fromMemorySegment(I, packed, row + (long) g * (GROUP / 2), ByteOrder.LITTLE_ENDIAN);
            int x0 = g * GROUP;
            FloatVector t0 = FloatVector.zero(F), t1 = t0, t2 = t0, t3 = t0;
            // The nibble decoding of decodePairs, written out step by step with literal constants: as a loop over s,
            // C2 unrolled it only in part and rebuilt and broadcast the constants at every step (a third of the time).
            FloatVector q;
            q = v.lanewise(VectorOperators.AND, 15).lanewise(VectorOperators.OR, 150 << 23).reinterpretAsFloats()
                    .sub((1 << 23) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0), t3);
            q = v.lanewise(VectorOperators.AND, 15 << 4).lanewise(VectorOperators.OR, 146 << 23).reinterpretAsFloats()
                    .sub((1 << 19) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 16), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 16), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 16), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 16), t3);
            q = v.lanewise(VectorOperators.AND, 15 << 8).lanewise(VectorOperators.OR, 142 << 23).reinterpretAsFloats()
                    .sub((1 << 15) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 32), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 32), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 32), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 32), t3);
            q = v.lanewise(VectorOperators.AND, 15 << 12).lanewise(VectorOperators.OR, 138 << 23).reinterpretAsFloats()
                    .sub((1 << 11) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 48), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 48), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 48), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 48), t3);
            q = v.lanewise(VectorOperators.AND, 15 << 16).lanewise(VectorOperators.OR, 134 << 23).reinterpretAsFloats()
                    .sub((1 << 7) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 64), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 64), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 64), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 64), t3);
            IntVector u = v.lanewise(VectorOperators.LSHR, 12);
            q = u.lanewise(VectorOperators.AND, 15 << 8).lanewise(VectorOperators.OR, 142 << 23).reinterpretAsFloats()
                    .sub((1 << 15) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 80), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 80), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 80), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 80), t3);
            q = u.lanewise(VectorOperators.AND, 15 << 12).lanewise(VectorOperators.OR, 138 << 23).reinterpretAsFloats()
                    .sub((1 << 11) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 96), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 96), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 96), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 96), t3);
            q = u.lanewise(VectorOperators.AND, 15 << 16).lanewise(VectorOperators.OR, 134 << 23).reinterpretAsFloats()
                    .sub((1 << 7) + 8);
            t0 = q.fma(FloatVector.fromArray(F, xp, xa + x0 + 112), t0);
            t1 = q.fma(FloatVector.fromArray(F, xp, xb + x0 + 112), t1);
            t2 = q.fma(FloatVector.fromArray(F, xp, xc + x0 + 112), t2);
            t3 = q.fma(FloatVector.fromArray(F, xp, xd + x0 + 112), t3);
            FloatVector scales = SPREAD.selectFrom(FloatVector.fromArray(F, rowScales, g * BLOCKS_PER_GROUP)
                    .reinterpretAsInts()).reinterpretAsFloats();
            acc0 = t0.fma(scales, acc0);
            acc1 = t1.fma(scales, acc1);
            acc2 = t2.fma(scales, acc2);
            acc3 = t3.fma(scales, acc3);
            if ((g + 1) % SLICE_GROUPS == 0) {
                int slot = (g + 1) / SLICE_GROUPS - 1;
                acc0.intoArray(lanes, (a * slots + slot) * N);
                acc1.intoArray(lanes, (b * slots + slot) * N);
                acc2.intoArray(lanes, (c * slots + slot) * N);
                acc3.intoArray(lanes, (d * slots + slot) * N);
                acc0 = FloatVector.zero(F);
                acc1 = acc0;
                acc2 = acc0;
                acc3 = acc0;
            }
        }
        int slot = whole / SLICE_GROUPS;
        acc0.intoArray(lanes, (a * slots + slot) * N);
        acc1.intoArray(lanes, (b * slots + slot) * N);
        acc2.intoArray(lanes, (c * slots + slot) * N);
        acc3.intoArray(lanes, (d * slots + slot) * N);
    }

    /**
     * lanes[slice] = the accumulator of row j over the slice's groups among [0, pairs) (an even count), from zero,
     * and lanes[pairs / SLICE_GROUPS] starts from the groups up to pairs in it (zero if none). Two groups per step,
     * so that two chains of FMAs are in flight; row after row, so that the weights are read as one sequential
     * stream.
     */
    private static void decodePairs(Q4Matrix w, float[] xp, int j, int pairs, float[] rowScales, float[] lanes) {
        var packed = w.segmentView().getMemorySegment();
        long row = (long) j * (w.cols() / 2);
        FloatVector acc = FloatVector.zero(F);
        for (int g = 0; g < pairs; g += 2) {
            IntVector v0 = IntVector.fromMemorySegment(I, packed, row + (long) g * (GROUP / 2), ByteOrder.LITTLE_ENDIAN);
            IntVector v1 = IntVector.fromMemorySegment(I, packed, row + (long) (g + 1) * (GROUP / 2), ByteOrder.LITTLE_ENDIAN);
            int x0 = g * GROUP;
            int x1 = x0 + GROUP;
            FloatVector t0 = FloatVector.zero(F), t1 = t0;
            // Nibble s of each int sits at bit k = 4s: masked in place and given the exponent 150 - k, its bits
            // read as the float 2^(23-k) + nibble, exactly, and subtracting 2^(23-k) + 8 leaves q, also exactly
            // (nibbles 5..7, k = 20..28, are first shifted down by 12 to lie inside the mantissa). One AND-OR (a
            // single ternary-logic instruction) and one subtraction per 16 weights, where a shift and a lookup or
            // a conversion cost more.
            for (int s = 0; s < 5; s++) {
                int mask = 15 << 4 * s;
                int exponent = (150 - 4 * s) << 23;
                float bias = (1 << 23 - 4 * s) + 8;
                t0 = v0.lanewise(VectorOperators.AND, mask).lanewise(VectorOperators.OR, exponent).reinterpretAsFloats()
                        .sub(bias).fma(FloatVector.fromArray(F, xp, x0 + s * N), t0);
                t1 = v1.lanewise(VectorOperators.AND, mask).lanewise(VectorOperators.OR, exponent).reinterpretAsFloats()
                        .sub(bias).fma(FloatVector.fromArray(F, xp, x1 + s * N), t1);
            }
            v0 = v0.lanewise(VectorOperators.LSHR, 12);
            v1 = v1.lanewise(VectorOperators.LSHR, 12);
            for (int s = 5; s < 8; s++) {
                int mask = 15 << 4 * s - 12;
                int exponent = (162 - 4 * s) << 23;
                float bias = (1 << 35 - 4 * s) + 8;
                t0 = v0.lanewise(VectorOperators.AND, mask).lanewise(VectorOperators.OR, exponent).reinterpretAsFloats()
                        .sub(bias).fma(FloatVector.fromArray(F, xp, x0 + s * N), t0);
                t1 = v1.lanewise(VectorOperators.AND, mask).lanewise(VectorOperators.OR, exponent).reinterpretAsFloats()
                        .sub(bias).fma(FloatVector.fromArray(F, xp, x1 + s * N), t1);
            }
            acc = t0.fma(SPREAD.selectFrom(FloatVector.fromArray(F, rowScales, g * BLOCKS_PER_GROUP)
                    .reinterpretAsInts()).reinterpretAsFloats(), acc);
            acc = t1.fma(SPREAD.selectFrom(FloatVector.fromArray(F, rowScales, (g + 1) * BLOCKS_PER_GROUP)
                    .reinterpretAsInts()).reinterpretAsFloats(), acc);
            if ((g + 2) % SLICE_GROUPS == 0) {
                acc.intoArray(lanes, ((g + 2) / SLICE_GROUPS - 1) * N);
                acc = FloatVector.zero(F);
            }
        }
        acc.intoArray(lanes, pairs / SLICE_GROUPS * N);
    }

    /** Whole group g of weight row j as q floats in the permuted order, into q[at, at + 128). */
    private static void unpackGroup(Q4Matrix w, int j, int g, float[] q, int at) {
        var packed = w.segmentView().getMemorySegment();
        long offset = (long) j * (w.cols() / 2) + (long) g * (GROUP / 2);
        IntVector v = IntVector.fromMemorySegment(I, packed, offset, ByteOrder.LITTLE_ENDIAN);
        for (int s = 0; s < 8; s++) {
            v.lanewise(VectorOperators.LSHR, 4 * s).selectFrom(Q_BITS).reinterpretAsFloats().intoArray(q, at + s * N);
        }
    }

    /**
     * The last, partial group of weight row j as q floats in the permuted order (q of the missing blocks: 0),
     * into q[at, at + 128). Scalar: it is at most one group per row.
     */
    private static void unpackTail(Q4Matrix w, int j, float[] q, int at) {
        int in = w.cols();
        int blocks = (in % GROUP) / Q4Format.BLOCK;
        long first = (long) j * (in / 2) + (long) (in / GROUP) * (GROUP / 2);
        for (int s = 0; s < 8; s++) {
            for (int l = 0; l < N; l++) {
                int block = l / 4;
                int value = 0;
                if (block < blocks) {
                    int b = Math.toIntExact(first + 4L * l + s / 2);
                    int packedByte = w.packed().get(b) & 0xff;
                    value = (s % 2 == 0 ? packedByte & 15 : packedByte >>> 4) - 8;
                }
                q[at + s * N + l] = value;
            }
        }
    }

    /**
     * lanes[at..at+16) = fma(sum over s of q_s * x_s, spread scales of group g, lanes[at..at+16)): the kernels' step
     * for one group.
     */
    private static void addGroup(float[] q, int qAt, float[] xp, int xAt, float[] rowScales, int g, float[] lanes,
            int at) {
        FloatVector t = FloatVector.zero(F);
        for (int s = 0; s < 8; s++) {
            t = FloatVector.fromArray(F, q, qAt + s * N).fma(FloatVector.fromArray(F, xp, xAt + s * N), t);
        }
        FloatVector scales = SPREAD.selectFrom(FloatVector.fromArray(F, rowScales, g * BLOCKS_PER_GROUP)
                .reinterpretAsInts()).reinterpretAsFloats();
        t.fma(scales, FloatVector.fromArray(F, lanes, at)).intoArray(lanes, at);
    }

    /**
     * Weight rows [row, row+valid), groups [g0, g1) -> q[r][SLICE] in the permuted order and
     * spread[r][SLICE_GROUPS * 16] (lane l of group g: the scale of block 4g + l / 4); rows past valid are zero.
     */
    private static void unpack(Q4Matrix w, int row, int valid, int g0, int g1, float[] q, float[] spread,
            float[] rowScales) {
        int whole = w.cols() / GROUP;
        Arrays.fill(q, valid * SLICE, ROWS * SLICE, 0f);
        Arrays.fill(spread, valid * SLICE_GROUPS * N, ROWS * SLICE_GROUPS * N, 0f);
        int firstBlock = g0 * BLOCKS_PER_GROUP;
        int blocks = Math.min(g1 * BLOCKS_PER_GROUP, w.blocksPerRow()) - firstBlock;
        for (int r = 0; r < valid; r++) {
            loadScales(w, row + r, firstBlock, blocks, rowScales);
            for (int g = g0; g < g1; g++) {
                int at = r * SLICE + (g - g0) * GROUP;
                if (g < whole) {
                    unpackGroup(w, row + r, g, q, at);
                } else {
                    unpackTail(w, row + r, q, at);
                }
                SPREAD.selectFrom(FloatVector.fromArray(F, rowScales, g * BLOCKS_PER_GROUP).reinterpretAsInts())
                        .reinterpretAsFloats().intoArray(spread, (r * SLICE_GROUPS + g - g0) * N);
            }
        }
    }

    /**
     * The four unpacked weight rows of the slice against input rows i..i+3, groups [g0, g1), into
     * accs[input row][weight row][16 lanes] from zero. The 16 per-group sums t are held in registers and the
     * accumulators across groups in {@code accs} (one load and store each per group, a fraction of the 128 FMAs of
     * a group), which leaves registers for a 4x4 tile: 8 loads per 16 FMAs, where 2x4 tiles needed 12.
     */
    private static void tile4x4(float[] x, int i, int width, float[] q, float[] spread, int g0, int g1,
            float[] accs) {
        int x0 = i * width, x1 = x0 + width, x2 = x1 + width, x3 = x2 + width;
        Arrays.fill(accs, 0, 16 * N, 0f);
        for (int g = g0; g < g1; g++) {
            FloatVector t00 = FloatVector.zero(F), t01 = t00, t02 = t00, t03 = t00;
            FloatVector t10 = t00, t11 = t00, t12 = t00, t13 = t00;
            FloatVector t20 = t00, t21 = t00, t22 = t00, t23 = t00;
            FloatVector t30 = t00, t31 = t00, t32 = t00, t33 = t00;
            int w0 = (g - g0) * GROUP - g * GROUP;
            for (int k = g * GROUP; k < (g + 1) * GROUP; k += N) {
                FloatVector q0 = FloatVector.fromArray(F, q, w0 + k), q1 = FloatVector.fromArray(F, q, w0 + SLICE + k);
                FloatVector q2 = FloatVector.fromArray(F, q, w0 + 2 * SLICE + k);
                FloatVector q3 = FloatVector.fromArray(F, q, w0 + 3 * SLICE + k);
                FloatVector b = FloatVector.fromArray(F, x, x0 + k);
                t00 = q0.fma(b, t00);
                t01 = q1.fma(b, t01);
                t02 = q2.fma(b, t02);
                t03 = q3.fma(b, t03);
                b = FloatVector.fromArray(F, x, x1 + k);
                t10 = q0.fma(b, t10);
                t11 = q1.fma(b, t11);
                t12 = q2.fma(b, t12);
                t13 = q3.fma(b, t13);
                b = FloatVector.fromArray(F, x, x2 + k);
                t20 = q0.fma(b, t20);
                t21 = q1.fma(b, t21);
                t22 = q2.fma(b, t22);
                t23 = q3.fma(b, t23);
                b = FloatVector.fromArray(F, x, x3 + k);
                t30 = q0.fma(b, t30);
                t31 = q1.fma(b, t31);
                t32 = q2.fma(b, t32);
                t33 = q3.fma(b, t33);
            }
            int at = (g - g0) * N;
            int stride = SLICE_GROUPS * N;
            FloatVector c0 = FloatVector.fromArray(F, spread, at);
            FloatVector c1 = FloatVector.fromArray(F, spread, stride + at);
            FloatVector c2 = FloatVector.fromArray(F, spread, 2 * stride + at);
            FloatVector c3 = FloatVector.fromArray(F, spread, 3 * stride + at);
            t00.fma(c0, FloatVector.fromArray(F, accs, 0)).intoArray(accs, 0);
            t01.fma(c1, FloatVector.fromArray(F, accs, N)).intoArray(accs, N);
            t02.fma(c2, FloatVector.fromArray(F, accs, 2 * N)).intoArray(accs, 2 * N);
            t03.fma(c3, FloatVector.fromArray(F, accs, 3 * N)).intoArray(accs, 3 * N);
            t10.fma(c0, FloatVector.fromArray(F, accs, 4 * N)).intoArray(accs, 4 * N);
            t11.fma(c1, FloatVector.fromArray(F, accs, 5 * N)).intoArray(accs, 5 * N);
            t12.fma(c2, FloatVector.fromArray(F, accs, 6 * N)).intoArray(accs, 6 * N);
            t13.fma(c3, FloatVector.fromArray(F, accs, 7 * N)).intoArray(accs, 7 * N);
            t20.fma(c0, FloatVector.fromArray(F, accs, 8 * N)).intoArray(accs, 8 * N);
            t21.fma(c1, FloatVector.fromArray(F, accs, 9 * N)).intoArray(accs, 9 * N);
            t22.fma(c2, FloatVector.fromArray(F, accs, 10 * N)).intoArray(accs, 10 * N);
            t23.fma(c3, FloatVector.fromArray(F, accs, 11 * N)).intoArray(accs, 11 * N);
            t30.fma(c0, FloatVector.fromArray(F, accs, 12 * N)).intoArray(accs, 12 * N);
            t31.fma(c1, FloatVector.fromArray(F, accs, 13 * N)).intoArray(accs, 13 * N);
            t32.fma(c2, FloatVector.fromArray(F, accs, 14 * N)).intoArray(accs, 14 * N);
            t33.fma(c3, FloatVector.fromArray(F, accs, 15 * N)).intoArray(accs, 15 * N);
        }
    }

    /** The four unpacked weight rows of the slice against input row i, groups [g0, g1), into lanes[weight row][16]. */
    private static void tile4x1(float[] x, int i, int width, float[] q, float[] spread, int g0, int g1,
            float[] lanes) {
        int x0 = i * width;
        FloatVector a0 = FloatVector.zero(F), a1 = a0, a2 = a0, a3 = a0;
        for (int g = g0; g < g1; g++) {
            FloatVector t0 = FloatVector.zero(F), t1 = t0, t2 = t0, t3 = t0;
            int w0 = (g - g0) * GROUP - g * GROUP;
            for (int k = g * GROUP; k < (g + 1) * GROUP; k += N) {
                FloatVector b = FloatVector.fromArray(F, x, x0 + k);
                t0 = FloatVector.fromArray(F, q, w0 + k).fma(b, t0);
                t1 = FloatVector.fromArray(F, q, w0 + SLICE + k).fma(b, t1);
                t2 = FloatVector.fromArray(F, q, w0 + 2 * SLICE + k).fma(b, t2);
                t3 = FloatVector.fromArray(F, q, w0 + 3 * SLICE + k).fma(b, t3);
            }
            int at = (g - g0) * N;
            int stride = SLICE_GROUPS * N;
            a0 = t0.fma(FloatVector.fromArray(F, spread, at), a0);
            a1 = t1.fma(FloatVector.fromArray(F, spread, stride + at), a1);
            a2 = t2.fma(FloatVector.fromArray(F, spread, 2 * stride + at), a2);
            a3 = t3.fma(FloatVector.fromArray(F, spread, 3 * stride + at), a3);
        }
        a0.intoArray(lanes, 0);
        a1.intoArray(lanes, N);
        a2.intoArray(lanes, 2 * N);
        a3.intoArray(lanes, 3 * N);
    }

    /** Without 16 float lanes: per output, per block t = sum q x, then acc += t * scale (same in every path). */
    private static void plain(Q4Matrix w, float[] x, int rows, float[] y, int start, int count) {
        int in = w.cols();
        int out = w.rows();
        int blocks = w.blocksPerRow();
        long rowBytes = in / 2;
        ShortBuffer scales = w.scales();
        for (int j = start; j < start + count; j++) {
            for (int r = 0; r < rows; r++) {
                float acc = 0;
                for (int b = 0; b < blocks; b++) {
                    long p = j * rowBytes + (long) b * Q4Format.BLOCK_BYTES;
                    float t = 0;
                    for (int e = 0; e < Q4Format.BLOCK_BYTES; e++) {
                        int v = w.packed().get((int) (p + e)) & 0xff;
                        int xo = r * in + b * Q4Format.BLOCK + e;
                        t += ((v & 15) - 8) * x[xo] + ((v >>> 4) - 8) * x[xo + Q4Format.BLOCK_BYTES];
                    }
                    acc += t * Float.float16ToFloat(scales.get((int) ((long) j * blocks + b)));
                }
                y[r * out + j] = acc;
            }
        }
    }
}
