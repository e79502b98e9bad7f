package dev.gemmastreams.engine.model;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorIndex;
import com.github.tjake.jlama.safetensors.WeightLoader;
import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemma 2's weights, memory-mapped through Jlama's safetensors loader (one Jlama loader per file, so the routing
 * of tensors to files is ours and already validated by {@link WeightFiles}); Q4 weights are mapped by us (Jlama
 * has no reader for our format). Close to unmap.
 */
public final class GemmaWeights implements AutoCloseable {
    private final Map<String, WeightLoader> loaders;
    private final AbstractTensor embedding;
    private final WeightMatrix outputProjection;
    private final float[] finalNorm;
    private final List<LayerWeights> layers;
    private final DType embeddingDType;

    private GemmaWeights(Map<String, WeightLoader> loaders, AbstractTensor embedding,
            WeightMatrix outputProjection, float[] finalNorm, List<LayerWeights> layers) {
        this.loaders = loaders;
        this.embedding = embedding;
        this.outputProjection = outputProjection;
        this.finalNorm = finalNorm;
        this.layers = List.copyOf(layers);
        this.embeddingDType = embedding.dType();
    }

    /** Tied embedding [vocab, hidden]: the input lookup table (and the output projection unless Q4). */
    public AbstractTensor embedding() {
        return embedding;
    }

    /** The output projection [vocab, hidden]: the tied embedding, or its Q4 copy in a Q4 folder. */
    public WeightMatrix outputProjection() {
        return outputProjection;
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
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.Q)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.K)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.V)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.O)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.POST_ATTENTION_NORM)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.PRE_FEEDFORWARD_NORM)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.GATE)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.UP)),
                        l.matrix(GemmaTensors.layer(i, GemmaTensors.DOWN)),
                        l.vector(GemmaTensors.layer(i, GemmaTensors.POST_FEEDFORWARD_NORM))));
            }
            AbstractTensor embedding = l.tensor(GemmaTensors.EMBED);
            WeightMatrix output = files.q4() ? l.matrix(Q4Format.OUTPUT_PROJECTION) : new WeightMatrix.Dense(embedding);
            return new GemmaWeights(loaders, embedding, output, l.vector(GemmaTensors.FINAL_NORM), layers);
        } catch (RuntimeException e) {
            closeAll(loaders);
            if (e instanceof ModelLoadException) {
                throw e;
            }
            throw new ModelLoadException("Cannot map the weights of " + folder + ": " + e, e);
        }
    }

    /**
     * One tensor's bytes, mapped read-only (one mapping per tensor: a mapped buffer holds at most 2 GiB). Like
     * Jlama's own mappings they are released when collected (Java 21 has no explicit unmap without preview APIs).
     */
    private static ByteBuffer mapTensor(Path file, SafetensorsHeader header, SafetensorsHeader.Entry e) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            return ch.map(FileChannel.MapMode.READ_ONLY, 8 + header.headerLength() + e.begin(), e.end() - e.begin());
        } catch (IOException ex) {
            throw new ModelLoadException("Cannot map tensor '" + e.name() + "' of " + file + ": " + ex.getMessage(), ex);
        }
    }

    private record Loader(Map<String, WeightLoader> loaders, WeightFiles files, Path folder) {
        AbstractTensor tensor(String name) {
            return loaders.get(files.fileOf(name)).load(name);
        }

        /** A projection: Q4 in a Q4 folder (already validated), else a Jlama tensor. */
        WeightMatrix matrix(String name) {
            if (!files.q4()) {
                return new WeightMatrix.Dense(tensor(name));
            }
            SafetensorsHeader.Entry packed = files.entry(name);
            SafetensorsHeader.Entry scales = files.entry(Q4Format.scalesOf(name));
            String pf = files.fileOf(name);
            String sf = files.fileOf(scales.name());
            return Q4Matrix.of(name, Math.toIntExact(packed.shape()[0]), Math.toIntExact(packed.shape()[1] * 2),
                    mapTensor(folder.resolve(pf), files.header(pf), packed),
                    mapTensor(folder.resolve(sf), files.header(sf), scales));
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
