package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.BFloat16BufferTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.TensorShape;
import dev.gemmastreams.engine.model.WeightMatrix;
import java.lang.foreign.Arena;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The F32/BF16 kernel on its own, at a width that crosses several {@link PanelMatmul#K_BLOCK}s and ends in a
 * partial one (and is no multiple of the vector width), with outputs that fill one panel group and part of a
 * second, and batches of 4-, 2- and 1-row direct tiles and 6-row and 1-row widened ones: against a
 * double-precision product, and every input row of a batch equal bit for bit to that row alone (decode).
 */
class PanelMatmulTest {
    private static final int IN = 3 * PanelMatmul.K_BLOCK + 37;
    private static final int OUT = WeightPanels.GROUP_WIDTH + 11;

    @Test
    void f32MatchesTheProductAndBatchRowsEqualSingleRows() {
        check(false);
    }

    @Test
    void bf16MatchesTheProductAndBatchRowsEqualSingleRows() {
        check(true);
    }

    private static void check(boolean bf16) {
        check(bf16, 7); // a small batch: straight from the panels, a 4-row, a 2-row and a 1-row tile
        check(bf16, 2);
        check(bf16, PanelMatmul.SMALL_BATCH + 9); // through the widened blocks: 6-row tiles and single rows
    }

    private static void check(boolean bf16, int rows) {
        Random random = new Random(7);
        float[] w = new float[OUT * IN];
        for (int i = 0; i < w.length; i++) {
            float v = (float) random.nextGaussian() * 0.05f;
            w[i] = bf16 ? Float.intBitsToFloat(Float.floatToRawIntBits(v) & 0xffff0000) : v;
        }
        try (Arena arena = Arena.ofShared()) {
            check(new Linear(new WeightMatrix.Dense(tensor(w, bf16)), arena), w, rows, random);
        }
    }

    private static void check(Linear linear, float[] w, int rows, Random random) {
        float[] x = new float[rows * IN];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        float[] batch = new float[rows * OUT];
        linear.apply(x, rows, batch);
        for (int r = 0; r < rows; r++) {
            float[] single = new float[OUT];
            linear.apply(Arrays.copyOfRange(x, r * IN, (r + 1) * IN), 1, single);
            for (int j = 0; j < OUT; j++) {
                double exact = 0;
                for (int k = 0; k < IN; k++) {
                    exact += (double) w[j * IN + k] * x[r * IN + k];
                }
                assertThat((double) batch[r * OUT + j]).as("row %d column %d", r, j)
                        .isCloseTo(exact, Offset.offset(1e-4 * Math.sqrt(IN)));
                assertThat(single[j]).as("row %d column %d alone", r, j).isEqualTo(batch[r * OUT + j]);
            }
        }
    }

    /** The weights as Jlama keeps mapped ones: a direct little-endian buffer. */
    private static AbstractTensor tensor(float[] w, boolean bf16) {
        TensorShape shape = TensorShape.of(OUT, IN);
        if (bf16) {
            ShortBuffer bits = ByteBuffer.allocateDirect(w.length * 2).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
            for (float v : w) {
                bits.put((short) (Float.floatToRawIntBits(v) >>> 16));
            }
            return new BFloat16BufferTensor("w", bits.flip(), shape, true);
        }
        FloatBuffer floats = ByteBuffer.allocateDirect(w.length * 4).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
        return new FloatBufferTensor("w", floats.put(w).flip(), shape, true);
    }
}
