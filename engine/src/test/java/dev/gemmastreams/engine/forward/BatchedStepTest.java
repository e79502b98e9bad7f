package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One step over rows of several sequences (a decode row, a prompt chunk, every-position logits) gives each
 * sequence exactly the logits it gets alone: the kernels are batch-invariant.
 */
class BatchedStepTest {
    @TempDir
    static Path dir;
    static GemmaModel model;
    static GemmaConfig config;

    @BeforeAll
    static void load() {
        config = TestModels.config(301, 64, 128, 3, 4, 2, 16, 24.0, 8);
        model = GemmaModel.load(TestModels.write(dir, config, WeightDType.BF16, 9));
    }

    @AfterAll
    static void close() {
        model.close();
    }

    private static GemmaSession session(KvPrecision precision) {
        return model.newSession(precision, 1024, GemmaSession.DIRECT);
    }

    @ParameterizedTest
    @EnumSource(KvPrecision.class)
    void eachSequenceOfAStepGetsItsSoloLogitsBitForBit(KvPrecision precision) {
        int[] a = TestModels.tokens(config.vocabSize(), 40, 1);
        int[] b = TestModels.tokens(config.vocabSize(), 70, 2);
        int[] c = TestModels.tokens(config.vocabSize(), 13, 3);
        float[][] soloA = session(precision).prefillAll(a);
        float[][] soloB = session(precision).prefillAll(b);
        float[][] soloC = session(precision).prefillAll(c);

        GemmaSession sa = session(precision);
        GemmaSession sb = session(precision);
        GemmaSession sc = session(precision);
        sa.prefill(Arrays.copyOf(a, 39));           // a decodes its last token beside the others
        sb.prefill(Arrays.copyOf(b, 20));           // b continues its prompt in a chunk
        List<float[][]> step = model.step(List.of(
                new StepSlice(sa, a, 39, 1, StepSlice.Logits.LAST),
                new StepSlice(sb, b, 20, 50, StepSlice.Logits.LAST),
                new StepSlice(sc, c, 0, 13, StepSlice.Logits.EVERY)));

        assertThat(step.get(0)[0]).containsExactly(soloA[39]);
        assertThat(step.get(1)[0]).containsExactly(soloB[69]);
        for (int i = 0; i < c.length; i++) {
            assertThat(step.get(2)[i]).as("position %d of c", i).containsExactly(soloC[i]);
        }
        assertThat(sb.length()).isEqualTo(70);
    }

    @Test
    void aStepRefusesTwoSlicesOfOneSession() {
        GemmaSession s = session(KvPrecision.BF16);
        int[] t = TestModels.tokens(config.vocabSize(), 4, 1);
        assertThatThrownBy(() -> model.step(List.of(new StepSlice(s, t, 0, 2, StepSlice.Logits.NONE),
                new StepSlice(s, t, 2, 2, StepSlice.Logits.LAST)))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aStepRefusesMoreRowsThanItsBuffers() {
        int[] t = TestModels.tokens(config.vocabSize(), GemmaModel.MAX_STEP_ROWS + 1, 1);
        assertThatThrownBy(() -> model.step(List.of(new StepSlice(session(KvPrecision.BF16), t, 0, t.length,
                StepSlice.Logits.LAST)))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at most " + GemmaModel.MAX_STEP_ROWS);
    }
}
