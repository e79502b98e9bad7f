package dev.gemmastreams.engine.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.gemmastreams.engine.forward.GemmaModel;
import dev.gemmastreams.engine.model.ModelLoadException;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;

/** A model folder loaded for generation: weights, tokenizer and an id naming it in results. */
public final class LoadedModel implements AutoCloseable {

    private final String id;
    private final GemmaModel model;
    private final GemmaTokenizer tokenizer;
    private final long loadNanos;

    private LoadedModel(String id, GemmaModel model, GemmaTokenizer tokenizer, long loadNanos) {
        this.id = id;
        this.model = model;
        this.tokenizer = tokenizer;
        this.loadNanos = loadNanos;
    }

    public static LoadedModel load(Path folder) {
        long start = System.nanoTime();
        Path tokenizerJson = folder.resolve("tokenizer.json");
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new ModelLoadException("Model folder " + folder.toAbsolutePath() + " has no tokenizer.json");
        }
        GemmaModel model = GemmaModel.load(folder);
        try {
            GemmaTokenizer tokenizer = GemmaTokenizer.load(tokenizerJson);
            if (tokenizer.vocabularySize() > model.config().vocabSize()) {
                throw new ModelLoadException("tokenizer.json in " + folder.toAbsolutePath() + " has "
                        + tokenizer.vocabularySize() + " tokens but config.json's vocab_size is "
                        + model.config().vocabSize());
            }
            String id = folder.toAbsolutePath().normalize().getFileName().toString();
            return new LoadedModel(id, model, tokenizer, System.nanoTime() - start);
        } catch (IOException e) {
            model.close();
            throw new UncheckedIOException("Cannot read " + tokenizerJson, e);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    public String id() {
        return id;
    }

    public GemmaModel model() {
        return model;
    }

    public GemmaTokenizer tokenizer() {
        return tokenizer;
    }

    public long loadNanos() {
        return loadNanos;
    }

    /** A generator of its own (its own KV cache); calls must still be serialized per model. */
    public Generator newGenerator() {
        return new Generator(model, tokenizer);
    }

    @Override
    public void close() {
        model.close();
    }
}
