package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.gemmastreams.engine.model.GemmaCheckpoint;
import dev.gemmastreams.engine.model.GemmaConfig;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gemma 2's forward pass, faithful to Hugging Face transformers' Gemma2ForCausalLM, on weights memory-mapped by
 * Jlama as Jlama tensors. Sequences are processed in chunks of {@link #CHUNK} tokens (prefill) or one token at a
 * time (decode) with bit-identical results, and the same input always gives the same logits.
 *
 * <p><b>Not thread-safe.</b> A model owns the activation buffers of its forward pass: at most one thread may run
 * {@link #step} (or {@link GemmaSession} calls on sessions of the same model) at a time. Many sequences share a
 * model by being batched into one step at a time (the engine's serve package does that).
 */
public final class GemmaModel implements AutoCloseable {
    /**
     * Rows per forward step (llama.cpp's default physical batch): a prefill step widens every weight once for all
     * its rows, so 298 prompt tokens in one step measured 5-10% faster than in steps of 128 (bench/README.md); the
     * buffers stay small (about 70 MB for gemma-2-2b). At most {@link KvCache#REWIND}: a sliding-window ring must
     * hold a step's keys beside its window.
     */
    public static final int MAX_STEP_ROWS = 512;
    /** Tokens per prefill step of a session run alone. */
    static final int CHUNK = MAX_STEP_ROWS;
    /** Positions whose logits are computed together (the vocabulary is wide). */
    private static final int LOGIT_ROWS = 8;

    private final GemmaCheckpoint checkpoint;
    /** Off-heap memory of the weights' panel copies ({@link WeightPanels}), freed when the model is closed. */
    private final Arena panels;
    private final GemmaConfig config;
    private final List<DecoderLayer> layers = new ArrayList<>();
    private final AbstractTensor embedding;
    private final Linear logits;
    private final float[] finalNorm;
    private final float normalizer;
    private final Workspace workspace;
    private final Rope rope;
    private float[] logitBuffer = new float[0];

    private GemmaModel(GemmaCheckpoint checkpoint, Arena panels) {
        this.checkpoint = checkpoint;
        this.panels = panels;
        this.config = checkpoint.config();
        for (int i = 0; i < config.numHiddenLayers(); i++) {
            layers.add(new DecoderLayer(config, i, checkpoint.weights().layers().get(i), panels));
        }
        this.embedding = checkpoint.weights().embedding();
        this.logits = new Linear(checkpoint.weights().outputProjection(), panels);
        this.finalNorm = checkpoint.weights().finalNorm();
        this.normalizer = embeddingNormalizer(config.hiddenSize(), checkpoint.weights().embeddingDType());
        this.workspace = new Workspace(config, MAX_STEP_ROWS);
        this.rope = new Rope(config.headDim(), config.ropeTheta());
    }

    /** Loads (validates and memory-maps) a Hugging Face Gemma 2 folder. */
    public static GemmaModel load(Path folder) {
        GemmaCheckpoint checkpoint = GemmaCheckpoint.open(folder);
        Arena panels = Arena.ofShared();
        try {
            return new GemmaModel(checkpoint, panels);
        } catch (RuntimeException e) {
            panels.close();
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

    /** A new, empty sequence on this model: F32 keys and values, up to the model's context, run alone. */
    public GemmaSession newSession() {
        return newSession(KvPrecision.F32, config.maxPositionEmbeddings(), GemmaSession.DIRECT);
    }

    /**
     * A new, empty sequence whose cache holds at most {@code maxPositions} positions in {@code precision}, and whose
     * forward passes go through {@code runner} (e.g. a scheduler that batches many sessions into one step).
     */
    public GemmaSession newSession(KvPrecision precision, int maxPositions, GemmaSession.Runner runner) {
        if (maxPositions < 1 || maxPositions > config.maxPositionEmbeddings()) {
            throw new IllegalArgumentException("maxPositions must be in [1, " + config.maxPositionEmbeddings()
                    + "], was " + maxPositions);
        }
        return new GemmaSession(this, new KvCache(config, precision, maxPositions), runner);
    }

    /** Most bytes the keys and values of a sequence of {@code positions} take (sliding layers keep a ring). */
    public long kvCacheBytes(KvPrecision precision, int positions) {
        return KvCache.bytesFor(config, precision, positions);
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
     * Runs one batched forward step: every slice's tokens are appended to its session, all rows going through each
     * weight matrix together (each weight read once per step). At most {@link #MAX_STEP_ROWS} rows, one slice per
     * session. Every row's result depends only on its own sequence, never on the other rows (the kernels are
     * batch-invariant), so a sequence gets the same logits alone or batched. Returns each slice's logits
     * ({@link StepSlice#logitRows()} rows), soft-capped.
     */
    public List<float[][]> step(List<StepSlice> slices) {
        int rows = 0;
        java.util.Set<GemmaSession> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (StepSlice slice : slices) {
            if (slice.session().model() != this) {
                throw new IllegalArgumentException("A slice's session belongs to another model");
            }
            if (!seen.add(slice.session())) {
                throw new IllegalArgumentException("Two slices of one session in a step");
            }
            for (int i = slice.from(); i < slice.from() + slice.count(); i++) {
                int t = slice.tokens()[i];
                if (t < 0 || t >= config.vocabSize()) {
                    throw new IllegalArgumentException("Token id " + t + " outside the vocabulary [0, "
                            + config.vocabSize() + ")");
                }
            }
            slice.session().cache().ensureCapacity(slice.session().length() + slice.count());
            rows += slice.count();
        }
        if (rows > MAX_STEP_ROWS) {
            throw new IllegalArgumentException("A step of " + rows + " rows; at most " + MAX_STEP_ROWS);
        }
        int hidden = config.hiddenSize();
        float[] x = workspace.x;
        KvCache[] caches = new KvCache[rows];
        int[] positions = new int[rows];
        int[] logitRows = new int[rows];
        int wanted = 0;
        int row = 0;
        for (StepSlice slice : slices) {
            KvCache cache = slice.session().cache();
            int first = slice.logits() == StepSlice.Logits.LAST ? slice.count() - 1
                    : slice.logits() == StepSlice.Logits.EVERY ? 0 : slice.count();
            for (int t = 0; t < slice.count(); t++, row++) {
                int token = slice.tokens()[slice.from() + t];
                for (int i = 0; i < hidden; i++) {
                    x[row * hidden + i] = embedding.get(token, i) * normalizer;
                }
                caches[row] = cache;
                positions[row] = cache.length() + t;
                if (t >= first) {
                    logitRows[wanted++] = row;
                }
            }
        }
        for (DecoderLayer layer : layers) {
            layer.forward(workspace, caches, positions, rope, x, rows);
        }
        for (StepSlice slice : slices) {
            KvCache cache = slice.session().cache();
            cache.setLength(cache.length() + slice.count());
        }
        float[][] all = logits(x, logitRows, wanted);
        List<float[][]> result = new ArrayList<>(slices.size());
        int taken = 0;
        for (StepSlice slice : slices) {
            int n = slice.logitRows();
            result.add(java.util.Arrays.copyOfRange(all, taken, taken + n));
            taken += n;
        }
        return result;
    }

    /** Runs {@code tokens} on one session alone, in steps of at most {@link #MAX_STEP_ROWS} rows. */
    float[][] forward(GemmaSession session, int[] tokens, boolean everyPosition) {
        float[][] result = new float[everyPosition ? tokens.length : 1][];
        for (int done = 0; done < tokens.length; done += MAX_STEP_ROWS) {
            int rows = Math.min(MAX_STEP_ROWS, tokens.length - done);
            boolean last = done + rows == tokens.length;
            StepSlice.Logits wanted = everyPosition ? StepSlice.Logits.EVERY
                    : last ? StepSlice.Logits.LAST : StepSlice.Logits.NONE;
            float[][] logits = step(List.of(new StepSlice(session, tokens, done, rows, wanted))).get(0);
            System.arraycopy(logits, 0, result, everyPosition ? done : 0, logits.length);
        }
        return result;
    }

    /** Final norm, tied output projection and final soft-cap for the listed rows of x. */
    private float[][] logits(float[] x, int[] rowsOfX, int count) {
        int hidden = config.hiddenSize();
        int vocab = config.vocabSize();
        float cap = config.finalLogitSoftcapping() == null ? 0f : config.finalLogitSoftcapping().floatValue();
        float[] normed = workspace.normed;
        float[][] result = new float[count][];
        for (int done = 0; done < count; done += LOGIT_ROWS) {
            int rows = Math.min(LOGIT_ROWS, count - done);
            for (int r = 0; r < rows; r++) {
                GemmaMath.rmsNorm(x, rowsOfX[done + r] * hidden, finalNorm, (float) config.rmsNormEps(), normed,
                        r * hidden, hidden);
            }
            if (logitBuffer.length < rows * vocab) {
                logitBuffer = new float[Math.min(count, LOGIT_ROWS) * vocab];
            }
            logits.apply(normed, rows, logitBuffer);
            for (int r = 0; r < rows; r++) {
                float[] row = Arrays.copyOfRange(logitBuffer, r * vocab, (r + 1) * vocab);
                if (cap > 0) {
                    // Vectorized, as attention's cap is: a StrictMath tanh per logit was ~4% of a decode step.
                    SoftmaxKernel.scaleAndCap(row, vocab, 1f, cap);
                }
                result[done + r] = row;
            }
        }
        return result;
    }

    /** Unmaps the weights; sessions of this model must not be used afterwards. */
    @Override
    public void close() {
        checkpoint.close();
        if (panels.scope().isAlive()) {
            panels.close();
        }
    }
}
