package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Q4 kernel on its own: widths of whole 128-input groups (an even and an odd number of them, over several
 * slices of 8 groups) and one with a partial last group, output rows that are not a multiple of the 4-row block,
 * every prefill tile shape; against a double-precision product with the dequantized weights, and every input row
 * of a batch equal bit for bit to that row alone (decode).
 */
class Q4MatmulTest {
    @Test
    void matchesTheDequantizedProductAndBatchRowsEqualSingleRowsForWholeGroups() {
        check(64 * Q4Matmul.GROUP); // decode: two groups per step only, slices of 8 groups
        check(67 * Q4Matmul.GROUP); // and a single group, in a partial last slice
        check(65 * Q4Matmul.GROUP); // a single group alone in the last slice
    }

    @Test
    void matchesTheDequantizedProductAndBatchRowsEqualSingleRowsWithAPartialLastGroup() {
        check(66 * Q4Matmul.GROUP + 3 * Q4Format.BLOCK);
    }

    @Test
    void convertsEveryFiniteHalfFloatScaleExactly() {
        int[] bits = new int[16];
        for (int h = 0; h < 1 << 16; h += 16) {
            for (int i = 0; i < 16; i++) {
                bits[i] = h + i;
            }
            float[] floats = new float[16];
            Q4Matmul.halfToFloat(jdk.incubator.vector.IntVector.fromArray(jdk.incubator.vector.IntVector.SPECIES_512,
                    bits, 0)).intoArray(floats, 0);
            for (int i = 0; i < 16; i++) {
                float expected = Float.float16ToFloat((short) bits[i]);
                if (Float.isFinite(expected)) {
                    assertThat(Float.floatToRawIntBits(floats[i])).as("F16 bits %04x", bits[i])
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }

    private static void check(int in) {
        check(in, 6);  // a small batch: straight from the weights, four rows per pass (two passes, the last padded)
        check(in, 3);
        check(in, Q4Matmul.SMALL_BATCH + 5); // through unpacked weights: 4x4 tiles and single rows
    }

    private static void check(int in, int rows) {
        int out = 11;
        Random random = new Random(5);
        float[] w = new float[out * in];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        byte[] packed = new byte[out * in / 2];
        short[] scales = new short[out * in / Q4Format.BLOCK];
        Q4Format.quantize(w, 0, w.length, packed, 0, scales, 0);
        float[] dequantized = new float[w.length];
        Q4Format.dequantize(packed, 0, scales, 0, w.length, dequantized, 0);
        ByteBuffer p = ByteBuffer.allocateDirect(packed.length).put(packed).flip();
        ByteBuffer s = ByteBuffer.allocateDirect(scales.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : scales) {
            s.putShort(v);
        }
        Q4Matrix matrix = Q4Matrix.of("w", out, in, p, s.flip());
        assertThat(matrix.get(3, 4100)).isEqualTo(dequantized[3 * in + 4100]);
        Linear linear = new Linear(matrix, java.lang.foreign.Arena.global());

        float[] x = new float[rows * in];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] batch = new float[rows * out];
        linear.apply(x, rows, batch);
        for (int r = 0; r < rows; r++) {
            float[] single = new float[out];
            linear.apply(java.util.Arrays.copyOfRange(x, r * in, (r + 1) * in), 1, single);
            for (int j = 0; j < out; j++) {
                double exact = 0;
                for (int k = 0; k < in; k++) {
                    exact += (double) dequantized[j * in + k] * x[r * in + k];
                }
                assertThat((double) batch[r * out + j]).as("row %d column %d", r, j)
                        .isCloseTo(exact, org.assertj.core.data.Offset.offset(1e-4 * Math.sqrt(in)));
                assertThat(single[j]).as("row %d column %d alone", r, j).isEqualTo(batch[r * out + j]);
            }
        }
    }
}
