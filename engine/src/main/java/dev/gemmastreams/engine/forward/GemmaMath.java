package dev.gemmastreams.engine.forward;

/**
 * Gemma 2's element-wise functions, as Hugging Face defines them. StrictMath, not Math: results must not depend
 * on whether the JIT has compiled the caller (greedy generation is byte-for-byte deterministic).
 */
final class GemmaMath {
    private GemmaMath() {}

    /** Gemma2RMSNorm: x / sqrt(mean(x^2) + eps) * (1 + w); the 1 + w is Gemma's, not Llama's w. */
    static void rmsNorm(float[] x, int xo, float[] w, float eps, float[] out, int oo, int n) {
        double squares = 0;
        for (int i = 0; i < n; i++) {
            float v = x[xo + i];
            squares += v * v;
        }
        float inv = (float) (1.0 / StrictMath.sqrt(squares / n + eps));
        for (int i = 0; i < n; i++) {
            out[oo + i] = x[xo + i] * inv * (1.0f + w[i]);
        }
    }
}
