package dev.gemmastreams.engine.provision;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;

/** Model folders the engine can load: complete Hugging Face layouts, including random-weight ones for tests. */
public final class ModelFolders {

    public static final String TOKENIZER_FILE = "tokenizer.json";
    public static final String TOKENIZER_CONFIG_FILE = "tokenizer_config.json";

    private ModelFolders() {
    }

    /**
     * Writes a random-weight Gemma 2 model of a named shape (tiny, gemma-2-2b, gemma-2-9b, gemma-2-27b) with the
     * real Gemma 2 tokenizer. Its text is meaningless: it exists for tests, demos and benchmarks.
     */
    public static Path random(Path folder, String shape, long seed, TokenizerProvisioner tokenizers) {
        GemmaConfig config = GemmaShapes.byName(shape);
        RandomGemmaModel.write(folder, config, RandomGemmaModel.Options.defaults(config).withSeed(seed));
        addTokenizer(folder, tokenizers.provision());
        return folder;
    }

    /** Copies the tokenizer and writes the tokenizer configuration Gemma 2 folders carry. */
    public static void addTokenizer(Path folder, Path tokenizerJson) {
        try {
            Files.copy(tokenizerJson, folder.resolve(TOKENIZER_FILE), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(folder.resolve(TOKENIZER_CONFIG_FILE), """
                    {
                      "add_bos_token": true,
                      "add_eos_token": false,
                      "bos_token": "<bos>",
                      "eos_token": "<eos>",
                      "pad_token": "<pad>",
                      "unk_token": "<unk>",
                      "model_max_length": 8192,
                      "tokenizer_class": "GemmaTokenizer"
                    }
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the tokenizer into " + folder, e);
        }
    }
}
