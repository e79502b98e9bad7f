package dev.gemmastreams.engine.random;

import dev.gemmastreams.engine.model.GemmaConfig;
import java.util.List;
import java.util.Locale;

/**
 * Named Gemma 2 shapes: {@code tiny} for tests and the exact configurations of Google's gemma-2-2b, -9b and -27b
 * (values from their Hugging Face config.json; 27b scales queries by 144^-0.5 with head_dim 128).
 */
public final class GemmaShapes {
    /** Gemma's vocabulary (the real tokenizer has 256000 entries). */
    public static final int GEMMA_VOCAB = 256_000;
    private static final List<Integer> EOS = List.of(1, 107);

    private GemmaShapes() {}

    /** A few thousand parameters per layer: hidden 64, 3 layers, 4 heads / 2 KV heads of 16, FFN 128, window 8. */
    public static GemmaConfig tiny() {
        return shape(GEMMA_VOCAB, 64, 128, 3, 4, 2, 16, 16.0, 8, "float32");
    }

    public static GemmaConfig gemma2_2b() {
        return shape(GEMMA_VOCAB, 2304, 9216, 26, 8, 4, 256, 256.0, 4096, "bfloat16");
    }

    public static GemmaConfig gemma2_9b() {
        return shape(GEMMA_VOCAB, 3584, 14336, 42, 16, 8, 256, 256.0, 4096, "bfloat16");
    }

    public static GemmaConfig gemma2_27b() {
        return shape(GEMMA_VOCAB, 4608, 36864, 46, 32, 16, 128, 144.0, 4096, "bfloat16");
    }

    /** {@code tiny}, {@code gemma-2-2b}, {@code gemma-2-9b} or {@code gemma-2-27b}. */
    public static GemmaConfig byName(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "tiny" -> tiny();
            case "gemma-2-2b" -> gemma2_2b();
            case "gemma-2-9b" -> gemma2_9b();
            case "gemma-2-27b" -> gemma2_27b();
            default -> throw new IllegalArgumentException(
                    "Unknown shape '" + name + "' (known: tiny, gemma-2-2b, gemma-2-9b, gemma-2-27b)");
        };
    }

    /** Any Gemma 2 shape with the real models' fixed values (eps, RoPE base, soft-caps, token ids, 8192 context). */
    public static GemmaConfig shape(int vocab, int hidden, int ffn, int layers, int heads, int kvHeads, int headDim,
            double queryPreAttnScalar, int slidingWindow, String torchDtype) {
        return new GemmaConfig(vocab, hidden, ffn, layers, heads, kvHeads, headDim, 8192, 1e-6, 10000.0, 50.0, 30.0,
                queryPreAttnScalar, slidingWindow, GemmaConfig.GELU_TANH, 2, EOS, 0, torchDtype);
    }
}
