package dev.gemmastreams.engine.forward;

/**
 * Rotary position embedding in Hugging Face's layout: the head vector is split in halves (rotate_half), not in
 * interleaved pairs. Frequencies are float32 as transformers computes them; tables grow with the position.
 */
final class Rope {
    private final int half;
    private final float[] invFreq;
    private float[] cos = new float[0];
    private float[] sin = new float[0];
    private int positions;

    Rope(int headDim, double theta) {
        this.half = headDim / 2;
        this.invFreq = new float[half];
        for (int i = 0; i < half; i++) {
            float exponent = (float) (2 * i) / headDim;
            invFreq[i] = (float) (1.0 / StrictMath.pow(theta, exponent));
        }
    }

    /** Rotates one head vector {@code x[off .. off+headDim)} to position {@code pos}. */
    void rotate(float[] x, int off, int pos) {
        ensure(pos + 1);
        int t = pos * half;
        for (int i = 0; i < half; i++) {
            float c = cos[t + i];
            float s = sin[t + i];
            float a = x[off + i];
            float b = x[off + half + i];
            x[off + i] = a * c - b * s;
            x[off + half + i] = b * c + a * s;
        }
    }

    private void ensure(int n) {
        if (n <= positions) {
            return;
        }
        int grown = Math.max(n, Math.max(64, positions * 2));
        float[] c = java.util.Arrays.copyOf(cos, grown * half);
        float[] s = java.util.Arrays.copyOf(sin, grown * half);
        for (int p = positions; p < grown; p++) {
            for (int i = 0; i < half; i++) {
                float angle = invFreq[i] * (float) p;
                c[p * half + i] = (float) StrictMath.cos(angle);
                s[p * half + i] = (float) StrictMath.sin(angle);
            }
        }
        cos = c;
        sin = s;
        positions = grown;
    }
}
