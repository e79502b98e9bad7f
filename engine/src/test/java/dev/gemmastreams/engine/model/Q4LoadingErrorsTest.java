package dev.gemmastreams.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gemmastreams.engine.quantize.Quantizer;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.random.WeightDType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A malformed Q4 folder fails at load with the tensor, file and expected dtype and shape named. */
class Q4LoadingErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String Q = "model.layers.0.self_attn.q_proj.weight";

    @TempDir
    Path dir;

    private Path q4() {
        GemmaConfig small = GemmaShapes.tiny().withVocabSize(128);
        Path f32 = RandomGemmaModel.write(dir.resolve("f32"), small,
                RandomGemmaModel.Options.defaults(small).withDType(WeightDType.F32));
        return Quantizer.quantize(f32, dir.resolve("q4"), (d, t, n, a, b, all) -> { }).folder();
    }

    /** Rewrites model.safetensors with an edited header (same data). */
    private static void editHeader(Path folder, Consumer<ObjectNode> edit) throws IOException {
        Path file = folder.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        long length = ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) JSON.readTree(new String(all, 8, (int) length, StandardCharsets.UTF_8));
        edit.accept(header);
        StringBuilder json = new StringBuilder(header.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] h = json.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + all.length - 8 - (int) length).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(all, 8 + (int) length, all.length - 8 - (int) length);
        Files.write(file, out.array());
    }

    private static void rename(ObjectNode header, String from, String to) {
        header.set(to, header.remove(from));
    }

    private static void editConfig(Path folder, Consumer<ObjectNode> edit) throws IOException {
        Path file = folder.resolve("config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(config);
        Files.writeString(file, config.toString());
    }

    @Test
    void aQ4FolderLoadsWithQ4ProjectionsAndAnExactEmbedding() {
        try (GemmaCheckpoint c = GemmaCheckpoint.open(q4())) {
            LayerWeights l = c.weights().layers().get(2);
            for (WeightMatrix m : new WeightMatrix[] {l.q(), l.k(), l.v(), l.o(), l.gate(), l.up(), l.down()}) {
                assertThat(m).isInstanceOf(Q4Matrix.class);
            }
            assertThat(c.weights().outputProjection()).isInstanceOf(Q4Matrix.class);
            assertThat(c.weights().outputProjection().rows()).isEqualTo(128);
            assertThat(c.weights().embedding().dType().name()).isEqualTo("F32");
        }
    }

    @Test
    void packedTensorOfAnotherDtype() throws IOException {
        Path folder = q4();
        editHeader(folder, h -> ((ObjectNode) h.get(Q)).put("dtype", "I8"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder)).isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("'" + Q + "'").hasMessageContaining("is I8")
                .hasMessageContaining("must be U8 [64, 32]").hasMessageContaining(folder.resolve("model.safetensors").toString());
    }

    @Test
    void packedTensorOfTheWrongShape() throws IOException {
        Path folder = q4();
        editHeader(folder, h -> ((ArrayNode) h.get(Q).get("shape")).removeAll().add(32).add(64));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("'" + Q + "'").hasMessageContaining("U8 [32, 64]")
                .hasMessageContaining("must be U8 [64, 32]");
    }

    @Test
    void missingScales() throws IOException {
        Path folder = q4();
        editHeader(folder, h -> rename(h, Q + ".q4_scales", Q + ".scales"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Missing Q4 scales tensor '" + Q + ".q4_scales'").hasMessageContaining(folder.toString());
    }

    @Test
    void scalesOfAnotherDtypeOrShape() throws IOException {
        Path folder = q4();
        editHeader(folder, h -> ((ObjectNode) h.get(Q + ".q4_scales")).put("dtype", "BF16"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("'" + Q + ".q4_scales'").hasMessageContaining("is BF16 [64, 2]")
                .hasMessageContaining("must be F16 [64, 2]");
        editHeader(folder, h -> {
            ((ObjectNode) h.get(Q + ".q4_scales")).put("dtype", "F16");
            ((ArrayNode) h.get(Q + ".q4_scales").get("shape")).removeAll().add(128).add(1);
        });
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("is F16 [128, 1]").hasMessageContaining("must be F16 [64, 2]");
    }

    @Test
    void missingOutputProjection() throws IOException {
        Path folder = q4();
        editHeader(folder, h -> rename(h, "lm_head.weight", "lm_head.weights"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Missing Q4 tensor 'lm_head.weight'");
    }

    @Test
    void q4TensorsWithoutTheConfigDeclarationOrWithAnotherMethod() throws IOException {
        Path folder = q4();
        editConfig(folder, c -> c.remove("quantization_config"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Unsupported dtype U8").hasMessageContaining("quantization_config");
        editConfig(folder, c -> c.putObject("quantization_config").put("quant_method", "gptq").put("bits", 4));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Unsupported quantization_config").hasMessageContaining("gptq")
                .hasMessageContaining(folder.resolve("config.json").toString());
    }

    @Test
    void truncatedQ4File() throws IOException {
        Path folder = q4();
        Path file = folder.resolve("model.safetensors");
        byte[] all = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(all, all.length - 100));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining(file.toString()).hasMessageContaining("truncated");
    }
}
