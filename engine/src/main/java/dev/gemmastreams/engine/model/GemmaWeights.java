package dev.gemmastreams.engine.model;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorIndex;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemma 2's weights, memory-mapped through Jlama's safetensors loader (one Jlama loader per file, so the routing
 * of tensors to files is ours and already validated by {@link WeightFiles}). Close to unmap.
 */
public final class GemmaWeights implements AutoCloseable {
    private final Map<String, WeightLoader> loaders;
    private final AbstractTensor embedding;
    private final float[] finalNorm;
    private final List<LayerWeights> layers;
    private final DType embeddingDType;

    private GemmaWeights(Map<String, WeightLoader> loaders, AbstractTensor embedding, float[] finalNorm,
            List<LayerWeights> layers) {
        this.loaders = loaders;
        this.embedding = embedding;
        this.finalNorm = finalNorm;
        this.layers = List.copyOf(layers);
        this.embeddingDType = embedding.dType();
    }

    /** Tied embedding [vocab, hidden]: the input lookup table and the output projection. */
    public AbstractTensor embedding() {
        return embedding;
    }

    /** The dtype the checkpoint stores its embedding in (Hugging Face rounds sqrt(hidden) to it). */
    public DType embeddingDType() {
        return embeddingDType;
    }

    public float[] finalNorm() {
        return finalNorm;
    }

    public List<LayerWeights> layers() {
        return layers;
    }

    public static GemmaWeights map(Path folder, GemmaConfig config, WeightFiles files) {
        Map<String, WeightLoader> loaders = new LinkedHashMap<>();
        try {
            for (String file : files.files()) {
                loaders.put(file, SafeTensorIndex.loadSingleFile(folder, file));
            }
            Loader l = new Loader(loaders, files, folder);
            List<LayerWeights> layers = new ArrayList<>();
            for (int i = 0; i < config.numHiddenLayers(); i++) {
                layers.add(new LayerWeights(
                        l.vector(GemmaTensors.layer(i, GemmaTensors.INPUT_NORM)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.Q)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.K)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.V)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.O)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.POST_ATTENTION_NORM)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.PRE_FEEDFORWARD_NORM)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.GATE)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.UP)),
                        l.tensor(GemmaTensors.layer(i, GemmaTensors.DOWN)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.POST_FEEDFORWARD_NORM))));
            }
            return new GemmaWeights(loaders, l.tensor(GemmaTensors.EMBED), l.vector(GemmaTensors.FINAL_NORM), layers);
        } catch (RuntimeException e) {
            closeAll(loaders);
            if (e instanceof ModelLoadException) {
                throw e;
            }
            throw new ModelLoadException("Cannot map the weights of " + folder + ": " + e, e);
        }
    }

    private record Loader(Map<String, WeightLoader> loaders, WeightFiles files, Path folder) {
        AbstractTensor tensor(String name) {
            return loaders.get(files.fileOf(name)).load(name);
        }

        float[] vector(String name) {
            AbstractTensor t = tensor(name);
            float[] v = new float[Math.toIntExact(t.size())];
            boolean asRow = t.dims() == 2; // Jlama may present a 1-D tensor as one row
            for (int i = 0; i < v.length; i++) {
                v[i] = asRow ? t.get(0, i) : t.get(i);
            }
            return v;
        }
    }

    @Override
    public void close() {
        closeAll(loaders);
    }

    private static void closeAll(Map<String, WeightLoader> loaders) {
        for (WeightLoader l : loaders.values()) {
            try {
                l.close();
            } catch (Exception ignored) {
                // unmapping is best effort; the OS reclaims mappings at exit
            }
        }
    }
}
