package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.quantize.Quantizer;
import dev.gemmastreams.engine.random.WeightDType;
import dev.gemmastreams.engine.reference.ReferenceGemma2;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Q4 folders written by our quantizer run through the Q4 kernel and match the reference reading the same Q4
 * weights (dequantized by its own loops) within 1e-3 at every position, 17 windows long; prefill equals decode bit
 * for bit; the drift of Q4 and BF16 weights against F32 weights of the same seed is reported (not asserted).
 */
class Q4FidelityTest {
    @TempDir
    static Path dir;
    static GemmaConfig config;
    static Path f32;
    static Path q4;
    static GemmaModel model;
    static int[] tokens;

    @BeforeAll
    static void write() {
        config = TestModels.config(512, 64, 128, 3, 4, 2, 16, 24.0, ForwardFidelityTest.WINDOW);
        f32 = TestModels.write(dir.resolve("f32"), config, WeightDType.F32, 9);
        q4 = Quantizer.quantize(f32, dir.resolve("q4"), (done, total, name, as, bytes, all) -> { }).folder();
        model = GemmaModel.load(q4);
        tokens = TestModels.tokens(512, ForwardFidelityTest.TOKENS, 1);
    }

    @AfterAll
    static void close() {
        model.close();
    }

    @Test
    void q4LogitsMatchTheReferenceOnTheSameQ4Weights() throws Exception {
        float[][] ours = model.newSession().prefillAll(tokens);
        double diff = TestModels.maxAbsDiff(ours, new ReferenceGemma2(q4).logits(tokens), 0);
        System.out.printf("[q4] max |ours - reference on the dequantized Q4 weights| = %.3g over %d positions%n",
                diff, tokens.length);
        assertThat(diff).isLessThan(ForwardFidelityTest.TOLERANCE);
    }

    @Test
    void gqa4OddLayersAndAPartialBlockOfOutputRows(@TempDir Path other) throws Exception {
        GemmaConfig c = TestModels.config(301, 64, 96, 5, 8, 2, 16, 16.0, ForwardFidelityTest.WINDOW);
        Path source = TestModels.write(other.resolve("f32"), c, WeightDType.BF16, 4);
        Path quantized = Quantizer.quantize(source, other.resolve("q4"), (d, t, n, a, b, all) -> { }).folder();
        int[] seq = TestModels.tokens(301, 60, 2);
        try (GemmaModel m = GemmaModel.load(quantized)) {
            float[][] batch = m.newSession().prefillAll(seq);
            double diff = TestModels.maxAbsDiff(batch, new ReferenceGemma2(quantized).logits(seq), 0);
            System.out.printf("[q4] GQA 4, 5 layers, vocab 301, BF16 source: max |ours - reference| = %.3g%n", diff);
            assertThat(diff).isLessThan(ForwardFidelityTest.TOLERANCE);
            GemmaSession s = m.newSession();
            for (int i = 0; i < seq.length; i++) {
                assertThat(s.decode(seq[i])).as("position %d", i).containsExactly(batch[i]);
            }
        }
    }

    @Test
    void tokenByTokenDecodeEqualsBatchPrefillAndRunsRepeat() {
        float[][] batch = model.newSession().prefillAll(tokens);
        GemmaSession session = model.newSession();
        for (int i = 0; i < tokens.length; i++) {
            assertThat(session.decode(tokens[i])).as("position %d", i).containsExactly(batch[i]);
        }
        GemmaSession split = model.newSession();
        assertThat(split.prefill(Arrays.copyOf(tokens, 20))).containsExactly(batch[19]);
        float[][] again = model.newSession().prefillAll(tokens);
        for (int i = 0; i < tokens.length; i++) {
            assertThat(again[i]).containsExactly(batch[i]);
        }
    }

    /** The note's figures: how far Q4 and BF16 weights move the logits from F32 weights of the same seed. */
    @Test
    void driftOfQ4AndBf16AgainstF32IsReported(@TempDir Path other) {
        Path bf16 = TestModels.write(other.resolve("bf16"), config, WeightDType.BF16, 9);
        try (GemmaModel exact = GemmaModel.load(f32); GemmaModel half = GemmaModel.load(bf16)) {
            float[][] reference = exact.newSession().prefillAll(tokens);
            float[][] q = model.newSession().prefillAll(tokens);
            float[][] b = half.newSession().prefillAll(tokens);
            report("Q4 ", q, reference);
            report("BF16", b, reference);
            assertThat(TestModels.maxAbsDiff(q, reference)).isGreaterThan(0);
        }
    }

    private static void report(String what, float[][] ours, float[][] reference) {
        int agree = 0;
        double meanAbs = 0;
        for (int t = 0; t < ours.length; t++) {
            agree += argmax(ours[t]) == argmax(reference[t]) ? 1 : 0;
            for (int v = 0; v < ours[t].length; v++) {
                meanAbs += Math.abs(ours[t][v] - reference[t][v]);
            }
        }
        meanAbs /= (double) ours.length * ours[0].length;
        System.out.printf("[drift] %s vs F32 weights (test model std %.2f, %d positions): max |diff| %.3g, mean |diff|"
                        + " %.3g, argmax agreement %d/%d%n", what, TestModels.TEST_WEIGHT_STD, ours.length,
                TestModels.maxAbsDiff(ours, reference), meanAbs, agree, ours.length);
    }

    private static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }
}
