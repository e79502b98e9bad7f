package dev.gemmastreams.engine.random;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.model.GemmaTensors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomGemmaModelTest {
    @TempDir
    Path dir;

    private final GemmaConfig small = GemmaShapes.tiny().withVocabSize(256);

    @Test
    void sameSeedSameBytesOtherSeedOtherBytes() throws IOException {
        var options = RandomGemmaModel.Options.defaults(small);
        byte[] a = Files.readAllBytes(RandomGemmaModel.write(dir.resolve("a"), small, options).resolve("model.safetensors"));
        byte[] b = Files.readAllBytes(RandomGemmaModel.write(dir.resolve("b"), small, options).resolve("model.safetensors"));
        byte[] c = Files.readAllBytes(RandomGemmaModel.write(dir.resolve("c"), small, options.withSeed(43))
                .resolve("model.safetensors"));
        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(Files.readString(dir.resolve("a/config.json"))).isEqualTo(Files.readString(dir.resolve("b/config.json")));
    }

    @Test
    void writesRealSafetensorsAndConfigKeys() throws IOException {
        Path folder = RandomGemmaModel.write(dir.resolve("m"), small,
                RandomGemmaModel.Options.defaults(small).withDType(WeightDType.BF16));
        byte[] file = Files.readAllBytes(folder.resolve("model.safetensors"));
        long headerLength = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(headerLength % 8).isZero();
        JsonNode header = new ObjectMapper().readTree(new String(file, 8, (int) headerLength));
        long expectedEnd = 0;
        for (var e : GemmaTensors.expected(small).entrySet()) {
            JsonNode t = header.get(e.getKey());
            assertThat(t).as(e.getKey()).isNotNull();
            assertThat(t.get("dtype").asText()).isEqualTo("BF16");
            assertThat(t.get("data_offsets").get(0).asLong()).isEqualTo(expectedEnd);
            long n = 1;
            for (long d : e.getValue()) {
                n *= d;
            }
            expectedEnd += n * 2;
            assertThat(t.get("data_offsets").get(1).asLong()).isEqualTo(expectedEnd);
        }
        assertThat(header.has("lm_head.weight")).isFalse();
        assertThat(file.length).isEqualTo(8 + headerLength + expectedEnd);

        JsonNode config = new ObjectMapper().readTree(folder.resolve("config.json").toFile());
        for (String key : new String[] {"architectures", "vocab_size", "hidden_size", "intermediate_size",
                "num_hidden_layers", "num_attention_heads", "num_key_value_heads", "head_dim",
                "max_position_embeddings", "rms_norm_eps", "rope_theta", "attn_logit_softcapping",
                "final_logit_softcapping", "query_pre_attn_scalar", "sliding_window", "hidden_activation",
                "hidden_act", "bos_token_id", "eos_token_id", "pad_token_id", "torch_dtype"}) {
            assertThat(config.has(key)).as(key).isTrue();
        }
        assertThat(config.get("torch_dtype").asText()).isEqualTo("bfloat16");
        assertThat(config.get("vocab_size").asInt()).isEqualTo(256);
        assertThat(folder.resolve("tokenizer.json")).doesNotExist();
    }

    @Test
    void bfloat16RoundsToNearestEven() {
        assertThat(WeightDType.toBFloat16(1.0f)).isEqualTo((short) 0x3f80);
        assertThat(WeightDType.toBFloat16(Float.intBitsToFloat(0x3f808000))).isEqualTo((short) 0x3f80); // tie -> even
        assertThat(WeightDType.toBFloat16(Float.intBitsToFloat(0x3f818000))).isEqualTo((short) 0x3f82); // tie -> even
        assertThat(WeightDType.toBFloat16(Float.intBitsToFloat(0x3f808001))).isEqualTo((short) 0x3f81);
    }

    @Test
    void namedShapesAreTheRealConfigurations() {
        GemmaConfig b2 = GemmaShapes.byName("gemma-2-2b");
        assertThat(new int[] {b2.vocabSize(), b2.hiddenSize(), b2.intermediateSize(), b2.numHiddenLayers(),
                b2.numAttentionHeads(), b2.numKeyValueHeads(), b2.headDim(), b2.slidingWindow()})
                .containsExactly(256000, 2304, 9216, 26, 8, 4, 256, 4096);
        assertThat(b2.queryPreAttnScalar()).isEqualTo(256.0);
        assertThat(b2.attnLogitSoftcapping()).isEqualTo(50.0);
        assertThat(b2.finalLogitSoftcapping()).isEqualTo(30.0);
        GemmaConfig b9 = GemmaShapes.byName("gemma-2-9b");
        assertThat(new int[] {b9.hiddenSize(), b9.intermediateSize(), b9.numHiddenLayers(), b9.numAttentionHeads(),
                b9.numKeyValueHeads(), b9.headDim()}).containsExactly(3584, 14336, 42, 16, 8, 256);
        GemmaConfig b27 = GemmaShapes.byName("gemma-2-27b");
        assertThat(new int[] {b27.hiddenSize(), b27.intermediateSize(), b27.numHiddenLayers(),
                b27.numAttentionHeads(), b27.numKeyValueHeads(), b27.headDim()})
                .containsExactly(4608, 36864, 46, 32, 16, 128);
        assertThat(b27.queryPreAttnScalar()).isEqualTo(144.0);
        assertThat(RandomGemmaModel.Options.defaults(b27).dtype()).isEqualTo(WeightDType.BF16);
        assertThat(RandomGemmaModel.Options.defaults(GemmaShapes.tiny()).dtype()).isEqualTo(WeightDType.F32);
    }
}
