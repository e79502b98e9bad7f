package dev.gemmastreams.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;

import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;

/**
 * Where the service under test keeps its demo model (the tiny random Gemma 2 with the real tokenizer): one
 * folder for the whole build, made by the service itself on first start.
 */
final class TestModels {

    private TestModels() {
    }

    static Path demoDir() {
        TokenizerProvisioner tokenizers = new TokenizerProvisioner();
        assumeTrue(tokenizers.canProvision(), tokenizers.howToEnable());
        return Path.of("target", "models", "demo-tiny").toAbsolutePath();
    }
}
