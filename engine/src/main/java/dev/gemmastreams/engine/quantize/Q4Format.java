package dev.gemmastreams.engine.quantize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Our Q4 weight format in safetensors, written by {@link Quantizer} and read by the engine.
 *
 * <p>A weight matrix {@code <name>} of shape [out, in] (nn.Linear's layout, {@code in} a multiple of 32) becomes
 * <ul>
 *   <li>{@code <name>}: dtype U8, shape [out, in / 2]: per row, per block of 32 inputs, 16 bytes; byte {@code i}
 *       of a block holds element {@code i} in its low nibble and element {@code i + 16} in its high nibble, each
 *       stored as {@code q + 8} with {@code q} in [-8, 7] (llama.cpp's Q4_0 nibble order);</li>
 *   <li>{@code <name>.q4_scales}: dtype F16, shape [out, in / 32]: one scale {@code d} per block.</li>
 * </ul>
 * The weight is {@code q * d}. Quantization (symmetric, as Q4_0): {@code m} is the block's element of largest
 * magnitude, {@code d = f16(m / -8)}, {@code q = clamp(round(w / d), -8, 7)}; so {@code m} itself is exact and
 * every other element is off by at most {@code |d| / 2} (by at most {@code |d|} where it clamps to 7).
 *
 * <p>A Q4 folder keeps the norms and the input embedding {@code model.embed_tokens.weight} in their dtype (F32 or
 * BF16: the lookup stays exact) and adds a Q4 copy of the tied embedding as {@code lm_head.weight}, used for the
 * output projection (logits). Its config.json carries {@code quantization_config} with
 * {@code quant_method = "gemma-streams-q4"}.
 */
public final class Q4Format {
    public static final int BLOCK = 32;
    /** Bytes per block of packed nibbles. */
    public static final int BLOCK_BYTES = BLOCK / 2;
    public static final String SCALES_SUFFIX = ".q4_scales";
    /** The Q4 copy of the tied embedding, used only for the logits. */
    public static final String OUTPUT_PROJECTION = "lm_head.weight";
    public static final String CONFIG_KEY = "quantization_config";
    public static final String QUANT_METHOD = "gemma-streams-q4";
    public static final String PACKED_DTYPE = "U8";
    public static final String SCALE_DTYPE = "F16";

    private Q4Format() {}

    public static String scalesOf(String tensor) {
        return tensor + SCALES_SUFFIX;
    }

    /** The {@code quantization_config} object a Q4 folder's config.json carries. */
    public static void describe(ObjectNode config) {
        ObjectNode q = config.putObject(CONFIG_KEY);
        q.put("quant_method", QUANT_METHOD);
        q.put("bits", 4);
        q.put("group_size", BLOCK);
        q.put("symmetric", true);
        q.put("scale_dtype", SCALE_DTYPE);
        q.put("scales_suffix", SCALES_SUFFIX);
        q.put("output_projection", OUTPUT_PROJECTION);
        q.put("layout", "U8 [out, in/2]: per 32-input block 16 bytes, byte i = (q[i] + 8) | (q[i + 16] + 8) << 4;"
                + " F16 scales [out, in/32]; w = q * scale");
    }

    /**
     * Whether a config.json declares this format; {@code null} when it declares no quantization, an error message
     * when it declares another one.
     */
    public static Boolean declared(JsonNode config) {
        JsonNode q = config.get(CONFIG_KEY);
        if (q == null || q.isNull()) {
            return Boolean.FALSE;
        }
        return QUANT_METHOD.equals(q.path("quant_method").asText())
                && q.path("bits").asInt() == 4 && q.path("group_size").asInt() == BLOCK ? Boolean.TRUE : null;
    }

    /**
     * Quantizes {@code w[from, from + n)} ({@code n} a multiple of 32) into {@code packed[pOff, pOff + n/2)} and
     * the F16 bits of its scales into {@code scales[sOff, sOff + n/32)}.
     */
    public static void quantize(float[] w, int from, int n, byte[] packed, int pOff, short[] scales, int sOff) {
        if (n % BLOCK != 0) {
            throw new IllegalArgumentException("Q4 needs a multiple of " + BLOCK + " values, not " + n);
        }
        for (int b = 0; b < n / BLOCK; b++) {
            int base = from + b * BLOCK;
            float m = 0;
            for (int i = 0; i < BLOCK; i++) {
                float v = w[base + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("Cannot quantize a non-finite weight " + v);
                }
                if (Math.abs(v) > Math.abs(m)) {
                    m = v;
                }
            }
            short h = Float.floatToFloat16(m / -8f);
            if (Math.abs(Float.float16ToFloat(h)) * 8 < Math.abs(m)) {
                h++; // rounded down (coarse F16 subnormals): one step up in magnitude keeps |w / d| <= 8
            }
            float d = Float.float16ToFloat(h);
            if (Float.isInfinite(d)) {
                throw new IllegalArgumentException("Weight " + m + " is too large for an F16 Q4 scale");
            }
            scales[sOff + b] = h;
            int p = pOff + b * BLOCK_BYTES;
            for (int i = 0; i < BLOCK_BYTES; i++) {
                packed[p + i] = (byte) (nibble(w[base + i], d) | nibble(w[base + i + BLOCK_BYTES], d) << 4);
            }
        }
    }

    /** q + 8 for one weight. */
    private static int nibble(float w, float d) {
        if (d == 0) {
            return 8;
        }
        int q = Math.round(w / d);
        return Math.max(-8, Math.min(7, q)) + 8;
    }

    /** The inverse: {@code out[oOff, oOff + n) = q * d}. */
    public static void dequantize(byte[] packed, int pOff, short[] scales, int sOff, int n, float[] out, int oOff) {
        for (int b = 0; b < n / BLOCK; b++) {
            float d = Float.float16ToFloat(scales[sOff + b]);
            int p = pOff + b * BLOCK_BYTES;
            for (int i = 0; i < BLOCK_BYTES; i++) {
                int v = packed[p + i] & 0xff;
                out[oOff + b * BLOCK + i] = ((v & 15) - 8) * d;
                out[oOff + b * BLOCK + i + BLOCK_BYTES] = ((v >>> 4) - 8) * d;
            }
        }
    }
}
