package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.gemmastreams.engine.model.GemmaCheckpoint;
import dev.gemmastreams.engine.model.GemmaConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Gemma 2's forward pass, faithful to Hugging Face transformers' Gemma2ForCausalLM, on weights memory-mapped by
 * Jlama as Jlama tensors. Sequences are processed in chunks of {@link #CHUNK} tokens (prefill) or one token at a
 * time (decode) with bit-identical results, and the same input always gives the same logits.
 *
 * <p><b>Not thread-safe.</b> A model owns the activation buffers of its forward pass: at most one thread may run
 * {@link GemmaSession} calls on sessions of the same model at a time; share a model between threads only behind a
 * lock (or one queue feeding one worker).
 */
public final class GemmaModel implements AutoCloseable {
    /** Tokens per prefill step: big enough for the kernels to reuse weights, small enough to bound buffers. */
    static final int CHUNK = 128;
    /** Positions whose logits are computed together (the vocabulary is wide). */
    private static final int LOGIT_ROWS = 8;

    private final GemmaCheckpoint checkpoint;
    private final GemmaConfig config;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final AbstractTensor embedding;
    private final Linear logits;
    private final float[] finalNorm;
    private final float normalizer;
    private final Workspace workspace;
    private final Rope rope;
    private float[] logitBuffer = new float[0];

    private GemmaModel(GemmaCheckpoint checkpoint) {
        this.checkpoint = checkpoint;
        this.config = checkpoint.config();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new DecoderLayer(config, i, checkpoint.weights().layers().get(i)));
        }
        this.embedding = checkpoint.weights().embedding();
        this.logits = new Linear(checkpoint.weights().outputProjection());
        this.finalNorm = checkpoint.weights().finalNorm();
        this.normalizer = embeddingNormalizer(config.hiddenSize(), checkpoint.weights().embeddingDType());
        this.workspace = new Workspace(config, CHUNK);
        this.rope = new Rope(config.headDim(), config.ropeTheta());
    }

    /** Loads (validates and memory-maps) a Hugging Face Gemma 2 folder. */
    public static GemmaModel load(Path folder) {
        GemmaCheckpoint checkpoint = GemmaCheckpoint.open(folder);
        try {
            return new GemmaModel(checkpoint);
        } catch (RuntimeException e) {
            checkpoint.close();
            throw e;
        }
    }

    public GemmaConfig config() {
        return config;
    }

    public Path folder() {
        return checkpoint.folder();
    }

    /** A new, empty sequence (its own KV cache) on this model. */
    public GemmaSession newSession() {
        return new GemmaSession(this,
                new KvCache(config.numHiddenLayers(), config.numKeyValueHeads() * config.headDim(),
                        config.maxPositionEmbeddings()));
    }

    /**
     * Hugging Face multiplies embeddings by sqrt(hidden) as a tensor of the embedding's dtype, so a BF16 checkpoint
     * uses sqrt(hidden) rounded to bfloat16 (e.g. 59.75 instead of 59.87 for hidden 3584).
     */
    static float embeddingNormalizer(int hidden, DType dtype) {
        float n = (float) Math.sqrt(hidden);
        if (dtype == DType.BF16) {
            int bits = Float.floatToRawIntBits(n);
            bits = (bits + 0x7fff + ((bits >>> 16) & 1)) & 0xffff0000;
            n = Float.intBitsToFloat(bits);
        }
        return n;
    }

    /**
     * Runs {@code tokens} after the cache's positions and appends them to it. Returns the soft-capped logits of
     * every position, or only of the last one.
     */
    float[][] forward(KvCache cache, int[] tokens, boolean everyPosition) {
        for (int t : tokens) {
            if (t < 0 || t >= config.vocabSize()) {
                throw new IllegalArgumentException("Token id " + t + " outside the vocabulary [0, "
                        + config.vocabSize() + ")");
            }
        }
        int hidden = config.hiddenSize();
        cache.ensureCapacity(cache.length() + tokens.length);
        float[][] result = new float[everyPosition ? tokens.length : 1][];
        float[] x = workspace.x;
        for (int done = 0; done < tokens.length; done += CHUNK) {
            int rows = Math.min(CHUNK, tokens.length - done);
            int start = cache.length();
            for (int t = 0; t < rows; t++) {
                int token = tokens[done + t];
                for (int i = 0; i < hidden; i++) {
                    x[t * hidden + i] = embedding.get(token, i) * normalizer;
                }
            }
            for (DecoderLayer layer : layers) {
                layer.forward(workspace, cache, rope, x, rows, start);
            }
            cache.setLength(start + rows);
            if (everyPosition) {
                logits(x, 0, rows, result, done);
            } else if (done + rows == tokens.length) {
                logits(x, rows - 1, 1, result, 0);
            }
        }
        return result;
    }

    /** Final norm, tied output projection and final soft-cap for rows [first, first+count) of x. */
    private void logits(float[] x, int first, int count, float[][] result, int resultOffset) {
        int hidden = config.hiddenSize();
        int vocab = config.vocabSize();
        float cap = config.finalLogitSoftcapping() == null ? 0f : config.finalLogitSoftcapping().floatValue();
        float[] normed = workspace.normed;
        for (int done = 0; done < count; done += LOGIT_ROWS) {
            int rows = Math.min(LOGIT_ROWS, count - done);
            for (int r = 0; r < rows; r++) {
                GemmaMath.rmsNorm(x, (first + done + r) * hidden, finalNorm, (float) config.rmsNormEps(), normed,
                        r * hidden, hidden);
            }
            if (logitBuffer.length < rows * vocab) {
                logitBuffer = new float[Math.min(count, LOGIT_ROWS) * vocab];
            }
            logits.apply(normed, rows, logitBuffer);
            float[] raw = logitBuffer;
            for (int r = 0; r < rows; r++) {
                float[] row = new float[vocab];
                int base = r * vocab;
                Parallel.forRange(vocab, 1, (long) vocab * 32, (from, n) -> {
                    for (int i = from; i < from + n; i++) {
                        row[i] = cap > 0 ? GemmaMath.softcap(raw[base + i], cap) : raw[base + i];
                    }
                });
                result[resultOffset + done + r] = row;
            }
        }
    }

    /** Unmaps the weights; sessions of this model must not be used afterwards. */
    @Override
    public void close() {
        checkpoint.close();
    }
}
