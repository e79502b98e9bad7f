package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The vector GeGLU against Hugging Face's formula in double precision, and the same bits however it is split. */
class GeluKernelTest {
    @Test
    void matchesTheTanhFormulaWithinTwoMillionths() {
        int n = 100_003;
        float[] g = new float[n];
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = -30f + 60f * i / n;
            u[i] = 1f;
        }
        float[] x = g.clone();
        GeluKernel.geluTimes(g, u, 0, n);
        for (int i = 0; i < n; i++) {
            double v = x[i];
            double expected = 0.5 * v * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v)));
            assertThat((double) g[i]).as("gelu(%s)", x[i])
                    .isCloseTo(expected, org.assertj.core.data.Offset.offset(2e-6 * Math.max(1, Math.abs(expected))));
        }
    }

    @Test
    void givesTheSameBitsWhateverTheSplitAndIncludesTheGateProduct() {
        Random random = new Random(3);
        int n = 1000;
        float[] g = new float[n];
        float[] u = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) random.nextGaussian() * 4;
            u[i] = (float) random.nextGaussian();
        }
        float[] whole = g.clone();
        GeluKernel.geluTimes(whole, u, 0, n);
        float[] pieces = g.clone();
        for (int from = 0; from < n; from += 37) {
            GeluKernel.geluTimes(pieces, u, from, Math.min(n, from + 37));
        }
        assertThat(pieces).containsExactly(whole);
        float[] one = Arrays.copyOfRange(g, 5, 6);
        GeluKernel.geluTimes(one, Arrays.copyOfRange(u, 5, 6), 0, 1);
        assertThat(one[0]).isEqualTo(whole[5]);
    }
}
