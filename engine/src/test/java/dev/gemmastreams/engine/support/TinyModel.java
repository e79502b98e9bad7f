package dev.gemmastreams.engine.support;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;

/**
 * The tiny random Gemma 2 model with the real tokenizer, written once per build under target/. Tests that need
 * it are skipped, with the reason, where the real tokenizer cannot be had (no npm and no cached copy).
 */
public final class TinyModel {

    private static final Path FOLDER = Path.of("target", "test-models", "tiny-seed-7");
    private static LoadedModel loaded;

    private TinyModel() {
    }

    public static synchronized Path folder() {
        TokenizerProvisioner tokenizers = new TokenizerProvisioner();
        assumeTrue(tokenizers.canProvision(), tokenizers.howToEnable());
        if (!Files.exists(FOLDER.resolve(ModelFolders.TOKENIZER_FILE))) {
            ModelFolders.random(FOLDER, "tiny", 7, tokenizers);
        }
        return FOLDER;
    }

    /** One loaded instance shared by the test classes of this JVM (loading the tokenizer takes a second). */
    public static synchronized LoadedModel shared() {
        if (loaded == null) {
            loaded = LoadedModel.load(folder());
        }
        return loaded;
    }
}
