package dev.gemmastreams.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Test oracle: a deliberately plain, double-precision transcription of Hugging Face transformers' Gemma2ForCausalLM
 * (eager attention, no cache: every position recomputed from scratch). Shares no code with the engine.
 */
public final class ReferenceGemma2 {

    /**
     * FAITHFUL is Hugging Face; BF16_KV_CACHE is Hugging Face with its keys (after RoPE) and values rounded to
     * bfloat16, as a model run in bfloat16 caches them; INT8_KV_CACHE rounds each position's key and value heads to
     * 8-bit integers times one float scale (max|x| / 127, round half to even), as the engine's INT8 cache; the
     * others are known-wrong variants to prove a test can tell the difference.
     */
    public enum Variant { FAITHFUL, BF16_KV_CACHE, INT8_KV_CACHE, NO_SLIDING_WINDOW, HEAD_DIM_SCALING }

    private final int vocab, hidden, ffn, layers, heads, kvHeads, headDim, window;
    private final double eps, theta, qpas;
    private final Double attnCap, finalCap;
    private final ReferenceSafetensors w;
    private final Variant variant;

    public ReferenceGemma2(Path folder, Variant variant) throws IOException {
        JsonNode c = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        vocab = c.get("vocab_size").asInt();
        hidden = c.get("hidden_size").asInt();
        ffn = c.get("intermediate_size").asInt();
        layers = c.get("num_hidden_layers").asInt();
        heads = c.get("num_attention_heads").asInt();
        kvHeads = c.get("num_key_value_heads").asInt();
        headDim = c.get("head_dim").asInt();
        window = c.get("sliding_window").asInt();
        eps = c.get("rms_norm_eps").asDouble();
        theta = c.get("rope_theta").asDouble();
        qpas = c.get("query_pre_attn_scalar").asDouble();
        attnCap = c.get("attn_logit_softcapping").isNull() ? null : c.get("attn_logit_softcapping").asDouble();
        finalCap = c.get("final_logit_softcapping").isNull() ? null : c.get("final_logit_softcapping").asDouble();
        w = new ReferenceSafetensors(folder);
        this.variant = variant;
    }

    public ReferenceGemma2(Path folder) throws IOException {
        this(folder, Variant.FAITHFUL);
    }

    /** Each value as float32 and then bfloat16 (round to nearest even), back in a double. */
    private static double[] bf16(double[] x) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int bits = Float.floatToRawIntBits((float) x[i]);
            bits = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
            r[i] = Float.intBitsToFloat(bits);
        }
        return r;
    }

    /**
     * Each head of x (headDim values) as float32, rounded symmetrically to 8 bits: scale = float(max|x|) / 127,
     * q = rint(x / scale) (half to even) in [-127, 127], read back as float(q * scale), in a double.
     */
    private double[] int8(double[] x) {
        double[] r = new double[x.length];
        for (int h = 0; h < x.length / headDim; h++) {
            float max = 0f;
            for (int d = 0; d < headDim; d++) {
                max = Math.max(max, Math.abs((float) x[h * headDim + d]));
            }
            float scale = max / 127f;
            for (int d = 0; d < headDim; d++) {
                int i = h * headDim + d;
                double q = scale == 0f ? 0 : Math.max(-127, Math.min(127, Math.rint((float) x[i] / scale)));
                r[i] = (float) q * scale;
            }
        }
        return r;
    }

    /** Soft-capped next-token logits after every position: [tokens.length][vocab]. */
    public double[][] logits(int[] tokens) {
        int n = tokens.length;
        double[] embed = w.get("model.embed_tokens.weight");
        double[][] x = new double[n][hidden];
        double normalizer = Math.sqrt(hidden);
        for (int t = 0; t < n; t++) {
            for (int i = 0; i < hidden; i++) {
                x[t][i] = embed[tokens[t] * hidden + i] * normalizer;
            }
        }
        for (int l = 0; l < layers; l++) {
            layer(l, x);
        }
        double[] finalNorm = w.get("model.norm.weight");
        // A Q4 folder holds a quantized copy of the tied embedding for the output projection.
        double[] output = w.has("lm_head.weight") ? w.get("lm_head.weight") : embed;
        double[][] out = new double[n][vocab];
        for (int t = 0; t < n; t++) {
            double[] h = rmsNorm(x[t], finalNorm);
            for (int v = 0; v < vocab; v++) {
                double s = 0;
                for (int i = 0; i < hidden; i++) {
                    s += h[i] * output[v * hidden + i];
                }
                out[t][v] = finalCap == null ? s : finalCap * Math.tanh(s / finalCap);
            }
        }
        return out;
    }

    private void layer(int l, double[][] x) {
        String p = "model.layers." + l + ".";
        int n = x.length;
        boolean sliding = l % 2 == 0 && variant != Variant.NO_SLIDING_WINDOW;
        double scale = variant == Variant.HEAD_DIM_SCALING ? 1 / Math.sqrt(headDim) : 1 / Math.sqrt(qpas);
        double[][] q = new double[n][], k = new double[n][], v = new double[n][];
        for (int t = 0; t < n; t++) {
            double[] h = rmsNorm(x[t], w.get(p + "input_layernorm.weight"));
            q[t] = matVec(w.get(p + "self_attn.q_proj.weight"), h, heads * headDim);
            k[t] = matVec(w.get(p + "self_attn.k_proj.weight"), h, kvHeads * headDim);
            v[t] = matVec(w.get(p + "self_attn.v_proj.weight"), h, kvHeads * headDim);
            for (int hd = 0; hd < heads; hd++) {
                rope(q[t], hd * headDim, t);
            }
            for (int hd = 0; hd < kvHeads; hd++) {
                rope(k[t], hd * headDim, t);
            }
            if (variant == Variant.BF16_KV_CACHE) {
                k[t] = bf16(k[t]);
                v[t] = bf16(v[t]);
            } else if (variant == Variant.INT8_KV_CACHE) {
                k[t] = int8(k[t]);
                v[t] = int8(v[t]);
            }
        }
        int group = heads / kvHeads;
        for (int t = 0; t < n; t++) {
            double[] attn = new double[heads * headDim];
            for (int hd = 0; hd < heads; hd++) {
                int kvh = hd / group;
                double[] scores = new double[t + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j <= t; j++) {
                    double s = 0;
                    for (int d = 0; d < headDim; d++) {
                        s += q[t][hd * headDim + d] * k[j][kvh * headDim + d];
                    }
                    s *= scale;
                    if (attnCap != null) {
                        s = attnCap * Math.tanh(s / attnCap);
                    }
                    boolean masked = sliding && t - j >= window;
                    scores[j] = masked ? Double.NEGATIVE_INFINITY : s;
                    max = Math.max(max, scores[j]);
                }
                double sum = 0;
                for (int j = 0; j <= t; j++) {
                    scores[j] = Math.exp(scores[j] - max);
                    sum += scores[j];
                }
                for (int j = 0; j <= t; j++) {
                    for (int d = 0; d < headDim; d++) {
                        attn[hd * headDim + d] += scores[j] / sum * v[j][kvh * headDim + d];
                    }
                }
            }
            double[] o = rmsNorm(matVec(w.get(p + "self_attn.o_proj.weight"), attn, hidden),
                    w.get(p + "post_attention_layernorm.weight"));
            for (int i = 0; i < hidden; i++) {
                x[t][i] += o[i];
            }
        }
        for (int t = 0; t < n; t++) {
            double[] h = rmsNorm(x[t], w.get(p + "pre_feedforward_layernorm.weight"));
            double[] g = matVec(w.get(p + "mlp.gate_proj.weight"), h, ffn);
            double[] u = matVec(w.get(p + "mlp.up_proj.weight"), h, ffn);
            for (int i = 0; i < ffn; i++) {
                g[i] = gelu(g[i]) * u[i];
            }
            double[] d = rmsNorm(matVec(w.get(p + "mlp.down_proj.weight"), g, hidden),
                    w.get(p + "post_feedforward_layernorm.weight"));
            for (int i = 0; i < hidden; i++) {
                x[t][i] += d[i];
            }
        }
    }

    /** HF rotate_half layout: pairs (i, i + headDim/2). */
    private void rope(double[] x, int off, int pos) {
        int half = headDim / 2;
        for (int i = 0; i < half; i++) {
            double angle = pos / Math.pow(theta, (2.0 * i) / headDim);
            double c = Math.cos(angle), s = Math.sin(angle);
            double a = x[off + i], b = x[off + half + i];
            x[off + i] = a * c - b * s;
            x[off + half + i] = b * c + a * s;
        }
    }

    private double[] rmsNorm(double[] x, double[] weight) {
        double ss = 0;
        for (double v : x) {
            ss += v * v;
        }
        double inv = 1 / Math.sqrt(ss / x.length + eps);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * inv * (1 + weight[i]);
        }
        return out;
    }

    /** W [rows][x.length] times x. */
    private static double[] matVec(double[] weight, double[] x, int rows) {
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int i = 0; i < x.length; i++) {
                s += weight[r * x.length + i] * x[i];
            }
            out[r] = s;
        }
        return out;
    }

    private static double gelu(double x) {
        return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
    }
}
