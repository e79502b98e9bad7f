package dev.gemmastreams.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Quantize / dequantize round trips stay within the block's bound, with the largest weight exact. */
class Q4FormatTest {
    @Test
    void everyWeightIsWithinHalfAScaleStepOrOneStepWhereItClamps() {
        Random random = new Random(1);
        int n = 32 * 4000;
        float[] w = new float[n];
        for (int i = 0; i < n; i++) {
            double scale = Math.pow(10, -6 + (i / 32) % 8); // blocks of very different magnitudes, F16 subnormal scales too
            w[i] = (float) (random.nextGaussian() * scale);
        }
        byte[] packed = new byte[n / 2];
        short[] scales = new short[n / 32];
        Q4Format.quantize(w, 0, n, packed, 0, scales, 0);
        float[] back = new float[n];
        Q4Format.dequantize(packed, 0, scales, 0, n, back, 0);
        double worstRelative = 0;
        for (int b = 0; b < n / 32; b++) {
            float max = 0;
            for (int i = 0; i < 32; i++) {
                max = Math.max(max, Math.abs(w[b * 32 + i]));
            }
            float d = Math.abs(Float.float16ToFloat(scales[b]));
            assertThat(d * 8).as("block %d scale covers its max", b).isGreaterThanOrEqualTo(max);
            boolean normal = d >= 6.2e-5f; // F16 normal: the scale is within 2^-11 of max / 8
            if (normal) {
                assertThat((double) d).as("block %d scale", b).isCloseTo(max / 8.0,
                        org.assertj.core.data.Offset.offset(max / 8.0 * 1e-3));
            }
            for (int i = 0; i < 32; i++) {
                float v = w[b * 32 + i];
                double err = Math.abs(back[b * 32 + i] - v);
                boolean clamped = v / Float.float16ToFloat(scales[b]) > 7.5;
                assertThat(err).as("block %d element %d", b, i).isLessThanOrEqualTo((clamped ? 1.0 : 0.5) * d);
                if (normal) {
                    worstRelative = Math.max(worstRelative, err / max);
                }
            }
        }
        System.out.printf("[q4 format] worst |error| / block max (F16-normal scales) = %.4f (bound 1/16 = 0.0625; 1/8 where it clamps)%n",
                worstRelative);
        assertThat(worstRelative).isLessThanOrEqualTo(0.125 + 1e-3);
    }

    @Test
    void zeroBlocksAndNibbleLayout() {
        float[] w = new float[64];
        for (int i = 0; i < 32; i++) {
            w[32 + i] = i - 16; // block 1: -16..15, max magnitude -16 -> scale 2
        }
        byte[] packed = new byte[32];
        short[] scales = new short[2];
        Q4Format.quantize(w, 0, 64, packed, 0, scales, 0);
        assertThat(Float.float16ToFloat(scales[0])).isEqualTo(0f);
        assertThat(packed[0]).isEqualTo((byte) 0x88); // zeros are q = 0, stored as 8
        assertThat(Float.float16ToFloat(scales[1])).isEqualTo(2f);
        // element 0 (-16 -> q -8 -> 0) in the low nibble, element 16 (0 -> q 0 -> 8) in the high nibble
        assertThat(packed[16] & 0xff).isEqualTo(0x80);
        float[] back = new float[64];
        Q4Format.dequantize(packed, 0, scales, 0, 64, back, 0);
        assertThat(back[32]).isEqualTo(-16f);
        assertThat(back[63]).isEqualTo(14f); // 15 / 2 = 7.5 rounds to 8, clamps to 7
    }

    @Test
    void rejectsNonFiniteWeightsAndPartialBlocks() {
        float[] w = new float[32];
        w[3] = Float.NaN;
        assertThatThrownBy(() -> Q4Format.quantize(w, 0, 32, new byte[16], 0, new short[1], 0))
                .hasMessageContaining("non-finite");
        assertThatThrownBy(() -> Q4Format.quantize(new float[40], 0, 40, new byte[20], 0, new short[2], 0))
                .hasMessageContaining("multiple of 32");
        float[] huge = new float[32];
        huge[0] = 1e6f;
        assertThatThrownBy(() -> Q4Format.quantize(huge, 0, 32, new byte[16], 0, new short[1], 0))
                .hasMessageContaining("too large");
    }
}
