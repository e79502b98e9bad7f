package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The INT8 cache's rounding rule: scale max|x| / 127, round half to even, read back as q * scale. */
class Int8RowsTest {

    @Test
    void theLargestMagnitudeMapsTo127AndHalvesRoundToEven() {
        float[] x = {-2.54f, 0.01f, 0.03f, 0.05f, 1.27f, 0f};
        byte[] q = new byte[x.length];
        float scale = Int8Rows.quantize(x, 0, x.length, q, 0);
        assertThat(scale).isEqualTo(2.54f / 127f);
        assertThat(q[0]).isEqualTo((byte) -127);
        assertThat(q[4]).isEqualTo((byte) Math.rint(1.27f / scale));
        assertThat(q[5]).isZero();
        // a division by the scale, not a multiplication by its inverse (which can land on the other neighbour)
        for (int i = 1; i <= 3; i++) {
            assertThat(q[i]).isEqualTo((byte) Math.rint(x[i] / scale));
        }
        float[] halves = {127f, 0.5f, 1.5f, 2.5f, -0.5f, -3.5f};
        byte[] h = new byte[halves.length];
        assertThat(Int8Rows.quantize(halves, 0, halves.length, h, 0)).isEqualTo(1f);
        assertThat(h).containsExactly(127, 0, 2, 2, 0, -4);
    }

    @Test
    void aHeadOfZerosReadsBackAsZeros() {
        float[] x = new float[16];
        byte[] q = new byte[16];
        float scale = Int8Rows.quantize(x, 0, 16, q, 0);
        float[] back = new float[16];
        Int8Rows.dequantize(q, 0, scale, 16, back);
        assertThat(scale).isZero();
        assertThat(back).containsOnly(0f);
    }

    @Test
    void readBackIsWithinHalfAStepAndEqualsTheScalarProduct() {
        Random r = new Random(7);
        int n = 256 + 3; // a vector body and a scalar tail
        float[] x = new float[n + 5];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian() * 3f;
        }
        byte[] q = new byte[n + 2];
        float scale = Int8Rows.quantize(x, 5, n, q, 2);
        float[] back = new float[n];
        Int8Rows.dequantize(q, 2, scale, n, back);
        for (int i = 0; i < n; i++) {
            assertThat(back[i]).isEqualTo(q[2 + i] * scale);
            assertThat((double) Math.abs(back[i] - x[5 + i])).isLessThanOrEqualTo(scale * 0.5 * (1 + 1e-5));
        }
    }
}
