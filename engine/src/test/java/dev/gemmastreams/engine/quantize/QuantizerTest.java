package dev.gemmastreams.engine.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gemmastreams.engine.model.GemmaCheckpoint;
import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quantize command's work on the tiny shape (real vocabulary size): files, progress, config, errors. */
class QuantizerTest {
    @TempDir
    Path dir;

    @Test
    void writesALoadableQ4FolderWithProgressConfigAndTokenizerFiles() throws Exception {
        GemmaConfig tiny = GemmaShapes.tiny();
        Path source = RandomGemmaModel.write(dir.resolve("tiny"), tiny, RandomGemmaModel.Options.defaults(tiny));
        Files.writeString(source.resolve("tokenizer.json"), "{\"stand-in\": true}");
        Files.writeString(source.resolve("tokenizer_config.json"), "{}");
        List<String> progress = new ArrayList<>();
        long[] last = new long[2];
        Quantizer.Result result = Quantizer.quantize(source, dir.resolve("q4"), (done, total, name, as, bytes, all) -> {
            progress.add(done + "/" + total + " " + name + " " + as);
            last[0] = bytes;
            last[1] = all;
        });
        Path q4 = result.folder();
        int expectedTensors = 1 + 11 * tiny.numHiddenLayers() + 1 + 1; // embed, layers, final norm, lm_head
        assertThat(result.tensors()).isEqualTo(expectedTensors);
        assertThat(progress).hasSize(expectedTensors);
        assertThat(progress.getLast()).isEqualTo(expectedTensors + "/" + expectedTensors
                + " lm_head.weight (from model.embed_tokens.weight) Q4");
        assertThat(progress).contains("3/" + expectedTensors + " model.layers.0.self_attn.q_proj.weight Q4");
        assertThat(last[0]).isEqualTo(last[1]).isEqualTo(result.outputBytes());
        assertThat(Files.readString(q4.resolve("tokenizer.json"))).isEqualTo("{\"stand-in\": true}");
        assertThat(q4.resolve("tokenizer_config.json")).exists();
        JsonNode config = new ObjectMapper().readTree(q4.resolve("config.json").toFile());
        assertThat(config.path("quantization_config").path("quant_method").asText()).isEqualTo("gemma-streams-q4");
        assertThat(config.path("vocab_size").asInt()).isEqualTo(256_000);
        // F32 embedding kept (65.5 MB) plus 4.5 bits per quantized weight
        long embed = 256_000L * 64 * 4;
        long quantized = 256_000L * 64 + (long) tiny.numHiddenLayers() * (2 * 64 * 64 + 2 * 32 * 64 + 3 * 64 * 128);
        assertThat(result.outputBytes()).isEqualTo(embed + quantized * 9 / 16 + (3L * 4 + 1) * 64 * 4);
        try (GemmaCheckpoint c = GemmaCheckpoint.open(q4)) {
            assertThat(c.weights().layers().getFirst().down()).isInstanceOf(Q4Matrix.class);
        }

        assertThatThrownBy(() -> Quantizer.quantize(source, q4, (d, t, n, a, b, all) -> { }))
                .hasMessageContaining("already holds weights").hasMessageContaining(q4.toString());
        assertThatThrownBy(() -> Quantizer.quantize(q4, dir.resolve("again"), (d, t, n, a, b, all) -> { }))
                .hasMessageContaining("already Q4");
    }

    @Test
    void refusesWidthsThatAreNotWholeBlocks() {
        GemmaConfig odd = GemmaShapes.shape(128, 40, 72, 2, 2, 1, 12, 12.0, 8, "float32");
        Path source = RandomGemmaModel.write(dir.resolve("odd"), odd,
                RandomGemmaModel.Options.defaults(odd).withDType(WeightDType.BF16));
        assertThatThrownBy(() -> Quantizer.quantize(source, dir.resolve("q4"), (d, t, n, a, b, all) -> { }))
                .hasMessageContaining("not a multiple of the Q4 block of 32");
    }
}
