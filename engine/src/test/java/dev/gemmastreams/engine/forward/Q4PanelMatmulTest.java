package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.lang.foreign.Arena;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * Q4 weights on the panel path: repacked at load into panels that hold the file's values, and multiplied with
 * each output as one FMA chain over the dequantized weights in input order. The width crosses two
 * {@link PanelMatmul#K_BLOCK}s and ends in a partial one (whole Q4 blocks of 32), the outputs fill one panel group
 * and part of a second (no multiple of 64), and the batches run the direct 8-row, 4-row, 2-row and 1-row tiles
 * and the widened 6-row and 1-row ones.
 */
class Q4PanelMatmulTest {
    private static final int IN = 2 * PanelMatmul.K_BLOCK + 3 * Q4Format.BLOCK;
    private static final int OUT = WeightPanels.GROUP_WIDTH + 11;

    @Test
    void repackedPanelsHoldTheFileValuesAndZerosPastTheLastOutput() {
        Random random = new Random(3);
        float[] w = weights(random);
        Q4Matrix matrix = q4(w);
        try (Arena arena = Arena.ofConfined()) {
            WeightPanels panels = WeightPanels.of(matrix, arena);
            assertThat(panels.groups()).isEqualTo(2);
            int lanes = WeightPanels.LANES;
            for (int row = 0; row < panels.groups() * WeightPanels.GROUP_WIDTH; row++) {
                for (int k = 0; k < IN; k++) {
                    long block = panels.offset(row / lanes, k / Q4Format.BLOCK * Q4Format.BLOCK);
                    float d = panels.data().get(ValueLayout.JAVA_FLOAT_UNALIGNED, block + 4L * (row % lanes));
                    int pair = panels.data().get(ValueLayout.JAVA_BYTE, block + WeightPanels.Q4_SCALE_BYTES
                            + (long) (k % Q4Format.BLOCK / 2) * lanes + row % lanes) & 0xff;
                    int u = k % 2 == 0 ? pair & 15 : pair >>> 4;
                    if (row < OUT) {
                        assertThat((u - 8) * d).as("row %d input %d", row, k).isEqualTo(matrix.get(row, k));
                    } else {
                        assertThat(d).as("scale past the last output").isZero();
                        assertThat(pair).as("nibbles past the last output").isZero();
                    }
                }
            }
        }
    }

    @Test
    void productsAreOneFmaChainOverTheDequantizedWeightsAndBatchRowsEqualSingleRows() {
        check(7); // a small batch: straight from the panels, a 4-row, a 2-row and a 1-row tile
        check(2);
        check(15); // the 8-row tiles (two per panel group), then a 4-row, a 2-row and a 1-row tile
        check(PanelMatmul.SMALL_BATCH + 9); // through the widened blocks: 6-row tiles and single rows
    }

    private static void check(int rows) {
        Random random = new Random(5);
        float[] w = weights(random);
        Q4Matrix matrix = q4(w);
        float[] dequantized = new float[w.length];
        for (int j = 0; j < OUT; j++) {
            for (int k = 0; k < IN; k++) {
                dequantized[j * IN + k] = matrix.get(j, k);
            }
        }
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        try (Arena arena = Arena.ofShared()) {
            Linear linear = new Linear(matrix, arena);
            float[] batch = new float[rows * OUT];
            linear.apply(x, rows, batch);
            for (int r = 0; r < rows; r++) {
                float[] single = new float[OUT];
                linear.apply(Arrays.copyOfRange(x, r * IN, (r + 1) * IN), 1, single);
                for (int j = 0; j < OUT; j++) {
                    float chain = 0;
                    double exact = 0;
                    for (int k = 0; k < IN; k++) {
                        chain = Math.fma(x[r * IN + k], dequantized[j * IN + k], chain);
                        exact += (double) dequantized[j * IN + k] * x[r * IN + k];
                    }
                    assertThat((double) batch[r * OUT + j]).as("row %d column %d", r, j)
                            .isCloseTo(exact, Offset.offset(1e-4 * Math.sqrt(IN)));
                    assertThat(batch[r * OUT + j]).as("row %d column %d: the FMA chain", r, j).isEqualTo(chain);
                    assertThat(single[j]).as("row %d column %d alone", r, j).isEqualTo(batch[r * OUT + j]);
                }
            }
        }
    }

    private static float[] weights(Random random) {
        float[] w = new float[OUT * IN];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextGaussian() * 0.05f;
        }
        Arrays.fill(w, 5 * IN, 5 * IN + Q4Format.BLOCK, 0f); // an all-zero block: scale zero
        return w;
    }

    /** Quantized and held as the loader holds a Q4 file: direct little-endian buffers. */
    private static Q4Matrix q4(float[] w) {
        byte[] packed = new byte[w.length / 2];
        short[] scales = new short[w.length / Q4Format.BLOCK];
        Q4Format.quantize(w, 0, w.length, packed, 0, scales, 0);
        ByteBuffer p = ByteBuffer.allocateDirect(packed.length).put(packed).flip();
        ByteBuffer s = ByteBuffer.allocateDirect(scales.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : scales) {
            s.putShort(v);
        }
        Q4Matrix matrix = Q4Matrix.of("w", OUT, IN, p, s.flip());
        float[] dequantized = new float[w.length];
        Q4Format.dequantize(packed, 0, scales, 0, w.length, dequantized, 0);
        assertThat(matrix.get(3, IN - 5)).isEqualTo(dequantized[3 * IN + IN - 5]);
        return matrix;
    }
}
