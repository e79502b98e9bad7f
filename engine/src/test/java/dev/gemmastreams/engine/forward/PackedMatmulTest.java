package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.BFloat16BufferTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import com.github.tjake.jlama.tensor.TensorShape;
import dev.gemmastreams.engine.model.WeightMatrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.ShortBuffer;
import java.util.Arrays;
import java.util.Random;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/**
 * The F32/BF16 kernel on its own, at a width that crosses a {@link PackedMatmul#K_SLICE} and ends in a partial
 * slice, with output rows that are not a multiple of the 4-row block and a batch of one 4x4 tile and two single
 * rows: against a double-precision product, and every input row of a batch equal bit for bit to that row alone
 * (decode).
 */
class PackedMatmulTest {
    private static final int IN = PackedMatmul.K_SLICE + 1024 + 48;
    private static final int OUT = 11;

    @Test
    void f32MatchesTheProductAndBatchRowsEqualSingleRows() {
        check(false);
    }

    @Test
    void bf16MatchesTheProductAndBatchRowsEqualSingleRows() {
        check(true);
    }

    private static void check(boolean bf16) {
        check(bf16, 6); // a small batch: weights straight from the buffer, one 4x4 tile and two single rows
        check(bf16, PackedMatmul.SMALL_BATCH + 6); // through the widened block: 4x4 tiles and two single rows
    }

    private static void check(boolean bf16, int rows) {
        Random random = new Random(7);
        float[] w = new float[OUT * IN];
        for (int i = 0; i < w.length; i++) {
            float v = (float) random.nextGaussian() * 0.05f;
            w[i] = bf16 ? Float.intBitsToFloat(Float.floatToRawIntBits(v) & 0xffff0000) : v;
        }
        Linear linear = new Linear(new WeightMatrix.Dense(tensor(w, bf16)));
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
