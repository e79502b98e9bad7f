package dev.gemmastreams.engine.model;

import java.nio.file.Files;
import java.nio.file.Path;

/** A validated, memory-mapped Hugging Face Gemma 2 folder: its config and weights. Close to unmap. */
public record GemmaCheckpoint(Path folder, GemmaConfig config, GemmaWeights weights) implements AutoCloseable {

    public static GemmaCheckpoint open(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new ModelLoadException("Model folder does not exist or is not a directory: " + folder);
        }
        GemmaConfig config = GemmaConfig.read(folder);
        WeightFiles files = WeightFiles.validate(folder, config);
        return new GemmaCheckpoint(folder, config, GemmaWeights.map(folder, config, files));
    }

    @Override
    public void close() {
        weights.close();
    }
}
