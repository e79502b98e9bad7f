package dev.gemmastreams.engine.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same weights split over several safetensors files plus an index give the same logits as one file. */
class ShardedCheckpointTest {
    @Test
    void shardedAndSingleFileCheckpointsAgree(@TempDir Path dir) {
        GemmaConfig config = TestModels.config(256, 64, 128, 3, 4, 2, 16, 16.0, 8);
        RandomGemmaModel.Options options = RandomGemmaModel.Options.defaults(config).withDType(WeightDType.BF16);
        Path single = RandomGemmaModel.write(dir.resolve("single"), config, options);
        Path sharded = RandomGemmaModel.write(dir.resolve("sharded"), config, options.withMaxShardBytes(60_000));
        assertThat(sharded.resolve("model.safetensors.index.json")).exists();
        int[] tokens = TestModels.tokens(256, 20, 4);
        try (GemmaModel a = GemmaModel.load(single); GemmaModel b = GemmaModel.load(sharded)) {
            float[][] x = a.newSession().prefillAll(tokens);
            float[][] y = b.newSession().prefillAll(tokens);
            for (int i = 0; i < tokens.length; i++) {
                assertThat(y[i]).containsExactly(x[i]);
            }
        }
    }
}
