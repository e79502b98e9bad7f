package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.util.Arrays;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * y = x W^T for Q4 weights ({@link Q4Format}) and float32 inputs, on the Vector API.
 *
 * <p>Per output and per block of 32 inputs: {@code t = q[0..16) x[0..16) + q[16..32) x[16..32)} lane-wise (one
 * multiply, one FMA), then {@code acc = fma(t, scale, acc)}; the lanes of {@code acc} are summed in a fixed order
 * at the end of each slice of {@link #K_SLICE} inputs, and the slices in order. Decode (one input row) decodes the
 * nibbles straight from the mapped file into those operations; prefill first unpacks four weight rows into a float
 * block (the same exact integers q), then multiplies every input row against it in 4x4 register tiles. Both do the
 * same operations per output in the same order, so prefill equals token-by-token decode bit for bit.
 *
 * <p>Nibbles: 16 bytes widen to 16 ints (sign-extending B2I; the masks make the sign irrelevant);
 * {@code v & 15} and {@code (v >>> 4) & 15} minus 8 convert exactly to the floats q.
 *
 * <p>The vector path needs 16 float lanes (AVX-512); elsewhere a plain loop computes the same sums (also the same
 * in prefill and decode, but slower).
 */
final class Q4Matmul {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_PREFERRED;
    private static final int N = F.length();
    /** Bytes that widen to one int vector (16 bytes: one block). */
    private static final VectorSpecies<Byte> B = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, N * 8)));
    static final boolean VECTOR = N == Q4Format.BLOCK_BYTES && I.length() == N && B.length() == N;
    static final int ROWS = 4;
    /** A multiple of the block; 4096 inputs of x (16 KiB per row) stay in cache while weight rows pass by. */
    static final int K_SLICE = 4096;

    private Q4Matmul() {}

    static void multiply(Q4Matrix w, float[] x, int rows, float[] y, int start, int count) {
        int in = w.cols();
        int out = w.rows();
        for (int r = 0; r < rows; r++) {
            Arrays.fill(y, r * out + start, r * out + start + count, 0f);
        }
        if (!VECTOR) {
            plain(w, x, rows, y, start, count);
            return;
        }
        int slice = Math.min(K_SLICE, in);
        float[] block = new float[ROWS * slice];
        float[] scales = new float[ROWS * (slice / Q4Format.BLOCK)];
        float[] lanes = new float[ROWS * N];
        for (int k0 = 0; k0 < in; k0 += K_SLICE) {
            int len = Math.min(K_SLICE, in - k0);
            for (int j = start; j < start + count; j += ROWS) {
                int valid = Math.min(ROWS, start + count - j);
                if (rows == 1 && valid == ROWS) {
                    direct1x4(w, x, k0, len, y, j, lanes);
                    continue;
                }
                unpack(w, j, valid, k0, len, block, scales);
                int i = 0;
                for (; i + ROWS <= rows; i += ROWS) {
                    tile4x4(x, i, in, k0, len, block, scales, y, out, j, valid, lanes);
                }
                for (; i < rows; i++) {
                    tile1x4(x, i, in, k0, len, block, scales, y, out, j, valid, lanes);
                }
            }
        }
    }

    /** 16 packed bytes -> their low nibbles as q floats (elements 0..15 of the block). */
    private static FloatVector low(IntVector v) {
        return (FloatVector) v.lanewise(VectorOperators.AND, 15).sub(8).convert(VectorOperators.I2F, 0);
    }

    /** ... and their high nibbles (elements 16..31). */
    private static FloatVector high(IntVector v) {
        return (FloatVector) v.lanewise(VectorOperators.LSHR, 4).lanewise(VectorOperators.AND, 15).sub(8)
                .convert(VectorOperators.I2F, 0);
    }

    private static float scale(ShortBuffer scales, long index) {
        return Float.float16ToFloat(scales.get((int) index));
    }

    /** Decode: four weight rows straight from the mapped file, one input row. */
    private static void direct1x4(Q4Matrix w, float[] x, int k0, int len, float[] y, int j, float[] lanes) {
        var packed = w.segmentView().getMemorySegment();
        ShortBuffer sc = w.scales();
        long rowBytes = w.cols() / 2;
        int blocksPerRow = w.blocksPerRow();
        int b0 = k0 / Q4Format.BLOCK;
        long p0 = j * rowBytes + (long) b0 * Q4Format.BLOCK_BYTES;
        long p1 = p0 + rowBytes, p2 = p1 + rowBytes, p3 = p2 + rowBytes;
        long s0 = (long) j * blocksPerRow + b0;
        long s1 = s0 + blocksPerRow, s2 = s1 + blocksPerRow, s3 = s2 + blocksPerRow;
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        int blocks = len / Q4Format.BLOCK;
        for (int b = 0; b < blocks; b++) {
            int xo = k0 + b * Q4Format.BLOCK;
            long po = (long) b * Q4Format.BLOCK_BYTES;
            FloatVector xl = FloatVector.fromArray(F, x, xo);
            FloatVector xh = FloatVector.fromArray(F, x, xo + N);
            IntVector v = (IntVector) ByteVector.fromMemorySegment(B, packed, p0 + po, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2I, I, 0);
            FloatVector t = low(v).mul(xl);
            t = high(v).fma(xh, t);
            c0 = t.fma(FloatVector.broadcast(F, scale(sc, s0 + b)), c0);
            v = (IntVector) ByteVector.fromMemorySegment(B, packed, p1 + po, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2I, I, 0);
            t = low(v).mul(xl);
            t = high(v).fma(xh, t);
            c1 = t.fma(FloatVector.broadcast(F, scale(sc, s1 + b)), c1);
            v = (IntVector) ByteVector.fromMemorySegment(B, packed, p2 + po, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2I, I, 0);
            t = low(v).mul(xl);
            t = high(v).fma(xh, t);
            c2 = t.fma(FloatVector.broadcast(F, scale(sc, s2 + b)), c2);
            v = (IntVector) ByteVector.fromMemorySegment(B, packed, p3 + po, ByteOrder.LITTLE_ENDIAN)
                    .convertShape(VectorOperators.B2I, I, 0);
            t = low(v).mul(xl);
            t = high(v).fma(xh, t);
            c3 = t.fma(FloatVector.broadcast(F, scale(sc, s3 + b)), c3);
        }
        c0.intoArray(lanes, 0);
        c1.intoArray(lanes, N);
        c2.intoArray(lanes, 2 * N);
        c3.intoArray(lanes, 3 * N);
        addSums(y, j, ROWS, lanes);
    }

    /** Weight rows [row, row+valid), inputs [k0, k0+len) -> q floats block[r][len] and scales[r][len/32]. */
    private static void unpack(Q4Matrix w, int row, int valid, int k0, int len, float[] block, float[] scales) {
        int blocks = len / Q4Format.BLOCK;
        Arrays.fill(block, valid * len, ROWS * len, 0f);
        Arrays.fill(scales, valid * blocks, ROWS * blocks, 0f);
        long rowBytes = w.cols() / 2;
        int b0 = k0 / Q4Format.BLOCK;
        var packed = w.segmentView().getMemorySegment();
        for (int r = 0; r < valid; r++) {
            long p = (row + r) * rowBytes + (long) b0 * Q4Format.BLOCK_BYTES;
            long s = (long) (row + r) * w.blocksPerRow() + b0;
            for (int b = 0; b < blocks; b++) {
                IntVector v = (IntVector) ByteVector.fromMemorySegment(B, packed, p + (long) b * Q4Format.BLOCK_BYTES,
                        ByteOrder.LITTLE_ENDIAN).convertShape(VectorOperators.B2I, I, 0);
                int at = r * len + b * Q4Format.BLOCK;
                low(v).intoArray(block, at);
                high(v).intoArray(block, at + N);
                scales[r * blocks + b] = scale(w.scales(), s + b);
            }
        }
    }

    private static void tile4x4(float[] x, int i, int in, int k0, int len, float[] q, float[] sc, float[] y,
            int out, int j, int valid, float[] lanes) {
        FloatVector c00 = FloatVector.zero(F), c01 = c00, c02 = c00, c03 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00, c13 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00, c23 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00, c33 = c00;
        int x0 = i * in + k0, x1 = x0 + in, x2 = x1 + in, x3 = x2 + in;
        int blocks = len / Q4Format.BLOCK;
        for (int b = 0; b < blocks; b++) {
            int k = b * Q4Format.BLOCK;
            FloatVector a0l = FloatVector.fromArray(F, x, x0 + k), a0h = FloatVector.fromArray(F, x, x0 + k + N);
            FloatVector a1l = FloatVector.fromArray(F, x, x1 + k), a1h = FloatVector.fromArray(F, x, x1 + k + N);
            FloatVector a2l = FloatVector.fromArray(F, x, x2 + k), a2h = FloatVector.fromArray(F, x, x2 + k + N);
            FloatVector a3l = FloatVector.fromArray(F, x, x3 + k), a3h = FloatVector.fromArray(F, x, x3 + k + N);
            FloatVector wl = FloatVector.fromArray(F, q, k), wh = FloatVector.fromArray(F, q, k + N);
            FloatVector s = FloatVector.broadcast(F, sc[b]);
            c00 = wh.fma(a0h, wl.mul(a0l)).fma(s, c00);
            c10 = wh.fma(a1h, wl.mul(a1l)).fma(s, c10);
            c20 = wh.fma(a2h, wl.mul(a2l)).fma(s, c20);
            c30 = wh.fma(a3h, wl.mul(a3l)).fma(s, c30);
            wl = FloatVector.fromArray(F, q, len + k);
            wh = FloatVector.fromArray(F, q, len + k + N);
            s = FloatVector.broadcast(F, sc[blocks + b]);
            c01 = wh.fma(a0h, wl.mul(a0l)).fma(s, c01);
            c11 = wh.fma(a1h, wl.mul(a1l)).fma(s, c11);
            c21 = wh.fma(a2h, wl.mul(a2l)).fma(s, c21);
            c31 = wh.fma(a3h, wl.mul(a3l)).fma(s, c31);
            wl = FloatVector.fromArray(F, q, 2 * len + k);
            wh = FloatVector.fromArray(F, q, 2 * len + k + N);
            s = FloatVector.broadcast(F, sc[2 * blocks + b]);
            c02 = wh.fma(a0h, wl.mul(a0l)).fma(s, c02);
            c12 = wh.fma(a1h, wl.mul(a1l)).fma(s, c12);
            c22 = wh.fma(a2h, wl.mul(a2l)).fma(s, c22);
            c32 = wh.fma(a3h, wl.mul(a3l)).fma(s, c32);
            wl = FloatVector.fromArray(F, q, 3 * len + k);
            wh = FloatVector.fromArray(F, q, 3 * len + k + N);
            s = FloatVector.broadcast(F, sc[3 * blocks + b]);
            c03 = wh.fma(a0h, wl.mul(a0l)).fma(s, c03);
            c13 = wh.fma(a1h, wl.mul(a1l)).fma(s, c13);
            c23 = wh.fma(a2h, wl.mul(a2l)).fma(s, c23);
            c33 = wh.fma(a3h, wl.mul(a3l)).fma(s, c33);
        }
        c00.intoArray(lanes, 0);
        c01.intoArray(lanes, N);
        c02.intoArray(lanes, 2 * N);
        c03.intoArray(lanes, 3 * N);
        addSums(y, i * out + j, valid, lanes);
        c10.intoArray(lanes, 0);
        c11.intoArray(lanes, N);
        c12.intoArray(lanes, 2 * N);
        c13.intoArray(lanes, 3 * N);
        addSums(y, (i + 1) * out + j, valid, lanes);
        c20.intoArray(lanes, 0);
        c21.intoArray(lanes, N);
        c22.intoArray(lanes, 2 * N);
        c23.intoArray(lanes, 3 * N);
        addSums(y, (i + 2) * out + j, valid, lanes);
        c30.intoArray(lanes, 0);
        c31.intoArray(lanes, N);
        c32.intoArray(lanes, 2 * N);
        c33.intoArray(lanes, 3 * N);
        addSums(y, (i + 3) * out + j, valid, lanes);
    }

    private static void tile1x4(float[] x, int i, int in, int k0, int len, float[] q, float[] sc, float[] y,
            int out, int j, int valid, float[] lanes) {
        FloatVector c0 = FloatVector.zero(F), c1 = c0, c2 = c0, c3 = c0;
        int x0 = i * in + k0;
        int blocks = len / Q4Format.BLOCK;
        for (int b = 0; b < blocks; b++) {
            int k = b * Q4Format.BLOCK;
            FloatVector al = FloatVector.fromArray(F, x, x0 + k), ah = FloatVector.fromArray(F, x, x0 + k + N);
            c0 = FloatVector.fromArray(F, q, k + N).fma(ah, FloatVector.fromArray(F, q, k).mul(al))
                    .fma(FloatVector.broadcast(F, sc[b]), c0);
            c1 = FloatVector.fromArray(F, q, len + k + N).fma(ah, FloatVector.fromArray(F, q, len + k).mul(al))
                    .fma(FloatVector.broadcast(F, sc[blocks + b]), c1);
            c2 = FloatVector.fromArray(F, q, 2 * len + k + N).fma(ah, FloatVector.fromArray(F, q, 2 * len + k).mul(al))
                    .fma(FloatVector.broadcast(F, sc[2 * blocks + b]), c2);
            c3 = FloatVector.fromArray(F, q, 3 * len + k + N).fma(ah, FloatVector.fromArray(F, q, 3 * len + k).mul(al))
                    .fma(FloatVector.broadcast(F, sc[3 * blocks + b]), c3);
        }
        c0.intoArray(lanes, 0);
        c1.intoArray(lanes, N);
        c2.intoArray(lanes, 2 * N);
        c3.intoArray(lanes, 3 * N);
        addSums(y, i * out + j, valid, lanes);
    }

    /** y[at + c] += the lanes of column c summed in a fixed order (as {@link PackedMatmul} does). */
    private static void addSums(float[] y, int at, int valid, float[] lanes) {
        for (int c = 0; c < valid; c++) {
            int base = c * N;
            float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
            for (int l = 0; l < N; l += 4) {
                s0 += lanes[base + l];
                s1 += lanes[base + l + 1];
                s2 += lanes[base + l + 2];
                s3 += lanes[base + l + 3];
            }
            y[at + c] += (s0 + s1) + (s2 + s3);
        }
    }

    /** Without 16 float lanes: per output, per block t = sum q x, then acc += t * scale (same in every path). */
    private static void plain(Q4Matrix w, float[] x, int rows, float[] y, int start, int count) {
        int in = w.cols();
        int out = w.rows();
        int blocks = w.blocksPerRow();
        long rowBytes = in / 2;
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
                    acc += t * scale(w.scales(), (long) j * blocks + b);
                }
                y[r * out + j] = acc;
            }
        }
    }
}
