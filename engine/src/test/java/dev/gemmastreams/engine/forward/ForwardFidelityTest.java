package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.reference.ReferenceGemma2;
import dev.gemmastreams.engine.reference.ReferenceGemma2.Variant;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Next-token logits of the engine equal the independent reference (Hugging Face Gemma 2 transcribed in doubles)
 * within 1e-3 at every position, F32 weights, sequences of many sliding windows that cross a prefill chunk
 * boundary (the real-vocabulary case is shorter: its concern is the width of the logits, and its reference logits
 * at every position of a longer sequence would not fit the test heap).
 */
class ForwardFidelityTest {
    static final int WINDOW = 8;
    static final int TOKENS = GemmaModel.CHUNK + WINDOW; // 520: 65 windows, across a prefill chunk boundary
    /** Past several windows, within one chunk. */
    static final int WIDE_VOCABULARY_TOKENS = 17 * WINDOW;
    static final double TOLERANCE = 1e-3;

    static Stream<Arguments> configurations() {
        return Stream.of(
                Arguments.of("query_pre_attn_scalar 24 != head_dim 16 (as 27b), GQA 2",
                        TestModels.config(512, 64, 128, 3, 4, 2, 16, 24.0, WINDOW)),
                Arguments.of("GQA 1 (multi-head), 2 layers",
                        TestModels.config(512, 64, 128, 2, 4, 4, 16, 16.0, WINDOW)),
                Arguments.of("GQA 4, 5 layers (odd)",
                        TestModels.config(301, 64, 96, 5, 8, 2, 16, 16.0, WINDOW)), // 301: a partial last block of weight rows
                Arguments.of("real vocabulary 256000, tiny hidden",
                        TestModels.config(256_000, 32, 64, 2, 2, 1, 16, 16.0, WINDOW)), // WIDE_VOCABULARY_TOKENS
                Arguments.of("widths that are not whole vectors (hidden 40, head_dim 12): plain-loop path",
                        TestModels.config(200, 40, 72, 3, 2, 1, 12, 12.0, WINDOW)),
                Arguments.of("strong soft-capping (attention 5, final 3)", strongCaps()));
    }

    private static GemmaConfig strongCaps() {
        GemmaConfig c = TestModels.config(256, 64, 128, 3, 4, 2, 16, 16.0, WINDOW);
        return new GemmaConfig(c.vocabSize(), c.hiddenSize(), c.intermediateSize(), c.numHiddenLayers(),
                c.numAttentionHeads(), c.numKeyValueHeads(), c.headDim(), c.maxPositionEmbeddings(), c.rmsNormEps(),
                c.ropeTheta(), 5.0, 3.0, c.queryPreAttnScalar(), c.slidingWindow(), c.hiddenActivation(),
                c.bosTokenId(), c.eosTokenIds(), c.padTokenId(), c.torchDtype());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("configurations")
    void logitsMatchTheReferenceAtEveryPosition(String name, GemmaConfig config, @TempDir Path dir) throws Exception {
        Path folder = TestModels.write(dir, config, WeightDType.F32, 7);
        int length = config.vocabSize() > 100_000 ? WIDE_VOCABULARY_TOKENS : TOKENS;
        int[] tokens = TestModels.tokens(config.vocabSize(), length, 11);
        double[][] expected = new ReferenceGemma2(folder).logits(tokens);
        try (GemmaModel model = GemmaModel.load(folder)) {
            long start = System.nanoTime();
            float[][] ours = model.newSession().prefillAll(tokens);
            long micros = (System.nanoTime() - start) / 1000;
            double diff = TestModels.maxAbsDiff(ours, expected, 0);
            System.out.printf("[fidelity] %s: max |ours - reference| = %.3g over %d positions (%d us)%n",
                    name, diff, tokens.length, micros);
            assertThat(diff).isLessThan(TOLERANCE);

            // The test can see the semantics it guards: without the window the logits past it are far off.
            double noWindow = TestModels.maxAbsDiff(ours,
                    new ReferenceGemma2(folder, Variant.NO_SLIDING_WINDOW).logits(tokens), WINDOW);
            assertThat(noWindow).as("distance to a reference without sliding window").isGreaterThan(100 * TOLERANCE);
            if (config.queryPreAttnScalar() != config.headDim()) {
                double headDimScaling = TestModels.maxAbsDiff(ours,
                        new ReferenceGemma2(folder, Variant.HEAD_DIM_SCALING).logits(tokens), 0);
                assertThat(headDimScaling).as("distance to a reference scaling by head_dim")
                        .isGreaterThan(100 * TOLERANCE);
            }
        }
    }
}
