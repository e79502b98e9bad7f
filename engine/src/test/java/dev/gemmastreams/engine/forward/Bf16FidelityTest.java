package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tjake.jlama.safetensors.DType;
import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.WeightDType;
import dev.gemmastreams.engine.reference.ReferenceGemma2;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * BF16 checkpoints run through Jlama's BF16 kernels and still match the reference reading the same BF16 values;
 * the drift of BF16 weights against F32 weights of the same seed is reported (not asserted: it is a property of
 * the weights, not of the engine).
 */
class Bf16FidelityTest {
    @Test
    void bf16WeightsMatchTheReferenceAndDriftFromF32IsReported(@TempDir Path dir) throws Exception {
        // hidden 64: sqrt(64) = 8 is exact in bfloat16, so the reference's plain sqrt(hidden) applies too
        GemmaConfig config = TestModels.config(512, 64, 128, 3, 4, 2, 16, 24.0, 8);
        Path bf16 = TestModels.write(dir.resolve("bf16"), config, WeightDType.BF16, 9);
        Path f32 = TestModels.write(dir.resolve("f32"), config, WeightDType.F32, 9);
        int[] tokens = TestModels.tokens(512, 48, 1);
        try (GemmaModel a = GemmaModel.load(bf16); GemmaModel b = GemmaModel.load(f32)) {
            float[][] ours = a.newSession().prefillAll(tokens);
            double diff = TestModels.maxAbsDiff(ours, new ReferenceGemma2(bf16).logits(tokens), 0);
            double drift = TestModels.maxAbsDiff(ours, b.newSession().prefillAll(tokens));
            System.out.printf("[bf16] max |ours - reference| = %.3g; drift BF16 vs F32 weights = %.3g%n", diff, drift);
            assertThat(diff).isLessThan(ForwardFidelityTest.TOLERANCE);
        }
    }

    @Test
    void embeddingScaleIsRoundedToTheWeightDtypeAsHuggingFaceDoes() {
        assertThat(GemmaModel.embeddingNormalizer(2304, DType.BF16)).isEqualTo(48.0f);
        assertThat(GemmaModel.embeddingNormalizer(3584, DType.BF16)).isEqualTo(59.75f);
        assertThat(GemmaModel.embeddingNormalizer(4608, DType.BF16)).isEqualTo(68.0f);
        assertThat(GemmaModel.embeddingNormalizer(3584, DType.F32)).isEqualTo((float) Math.sqrt(3584));
    }
}
