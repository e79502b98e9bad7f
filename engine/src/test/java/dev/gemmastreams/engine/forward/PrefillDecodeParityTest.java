package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Batch prefill, chunked prefill and token-by-token decode give the same logits, bit for bit: per output the
 * arithmetic is the same whatever the batch, and no reduction depends on JIT state.
 */
class PrefillDecodeParityTest {
    @TempDir
    static Path dir;
    static GemmaConfig config;
    static GemmaModel model;
    static int[] tokens;

    @BeforeAll
    static void load() {
        config = TestModels.config(512, 64, 128, 3, 4, 2, 16, 16.0, 8);
        model = GemmaModel.load(TestModels.write(dir, config, WeightDType.F32, 3));
        // longer than one prefill chunk, so chunk boundaries are crossed too
        tokens = TestModels.tokens(512, GemmaModel.CHUNK + 37, 5);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GemmaSession session(KvPrecision precision) {
        return model.newSession(precision, config.maxPositionEmbeddings(), GemmaSession.DIRECT);
    }

    @ParameterizedTest
    @EnumSource(KvPrecision.class)
    void tokenByTokenDecodeEqualsBatchPrefill(KvPrecision precision) {
        float[][] batch = session(precision).prefillAll(tokens);
        GemmaSession session = session(precision);
        float[][] stepwise = new float[tokens.length][];
        for (int i = 0; i < tokens.length; i++) {
            stepwise[i] = session.decode(tokens[i]);
        }
        double diff = TestModels.maxAbsDiff(batch, stepwise);
        System.out.printf("[parity] %s prefill vs decode, %d tokens: max diff %.3g%n", precision, tokens.length,
                diff);
        for (int i = 0; i < tokens.length; i++) {
            assertThat(stepwise[i]).as("position %d", i).containsExactly(batch[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(KvPrecision.class)
    void prefillThenDecodeEqualsBatchPrefill(KvPrecision precision) {
        float[][] batch = session(precision).prefillAll(tokens);
        GemmaSession session = session(precision);
        int split = 20;
        float[] last = session.prefill(java.util.Arrays.copyOf(tokens, split));
        assertThat(last).containsExactly(batch[split - 1]);
        for (int i = split; i < tokens.length; i++) {
            assertThat(session.decode(tokens[i])).as("position %d", i).containsExactly(batch[i]);
        }
        assertThat(session.length()).isEqualTo(tokens.length);
    }

    @Test
    void repeatedRunsGiveIdenticalLogits() {
        float[][] first = model.newSession().prefillAll(tokens);
        for (int run = 0; run < 3; run++) {
            float[][] again = model.newSession().prefillAll(tokens);
            for (int i = 0; i < tokens.length; i++) {
                assertThat(again[i]).containsExactly(first[i]);
            }
        }
    }

    @Test
    void truncatingRewindsToASharedPrefix() {
        GemmaSession session = model.newSession();
        session.prefill(java.util.Arrays.copyOf(tokens, 30));
        float[] first = session.prefill(new int[] {tokens[30], tokens[31]});
        session.truncate(30);
        float[] again = session.prefill(new int[] {tokens[30], tokens[31]});
        assertThat(again).containsExactly(first);
    }

    @Test
    void rejectsTokensOutsideTheVocabularyAndSequencesPastTheContext() {
        GemmaSession session = model.newSession();
        assertThatThrownBy(() -> session.decode(512)).hasMessageContaining("512").hasMessageContaining("vocabulary");
        assertThatThrownBy(() -> session.prefill(new int[8193])).hasMessageContaining("8192");
    }
}
