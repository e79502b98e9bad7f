package dev.gemmastreams.engine.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.random.WeightDType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way a model folder can be wrong fails with a message naming the folder, file or key. */
class ModelLoadingErrorsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path model() {
        GemmaConfig small = GemmaShapes.tiny().withVocabSize(128);
        return RandomGemmaModel.write(dir.resolve("model"), small,
                RandomGemmaModel.Options.defaults(small).withDType(WeightDType.F32));
    }

    private void editConfig(Path folder, java.util.function.Consumer<ObjectNode> edit) throws IOException {
        Path file = folder.resolve("config.json");
        ObjectNode config = (ObjectNode) JSON.readTree(file.toFile());
        edit.accept(config);
        Files.writeString(file, config.toString());
    }

    @Test
    void aValidFolderLoads() {
        try (GemmaCheckpoint c = GemmaCheckpoint.open(model())) {
            assertThat(c.config().numHiddenLayers()).isEqualTo(3);
            assertThat(c.weights().layers()).hasSize(3);
        }
    }

    @Test
    void missingFolder() {
        Path missing = dir.resolve("nowhere");
        assertThatThrownBy(() -> GemmaCheckpoint.open(missing))
                .isInstanceOf(ModelLoadException.class).hasMessageContaining(missing.toString());
    }

    @Test
    void missingConfig() throws IOException {
        Path folder = model();
        Files.delete(folder.resolve("config.json"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("config.json").hasMessageContaining(folder.toString());
    }

    @Test
    void otherArchitecture() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.putArray("architectures").add("LlamaForCausalLM"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("LlamaForCausalLM").hasMessageContaining("Gemma2ForCausalLM")
                .hasMessageContaining(folder.resolve("config.json").toString());
    }

    @Test
    void missingConfigKey() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.remove("query_pre_attn_scalar"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("'query_pre_attn_scalar'").hasMessageContaining("config.json");
    }

    @Test
    void eitherActivationKeyIsAccepted() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.remove("hidden_activation"));
        try (GemmaCheckpoint c = GemmaCheckpoint.open(folder)) {
            assertThat(c.config().hiddenActivation()).isEqualTo("gelu_pytorch_tanh");
        }
        editConfig(folder, c -> {
            c.remove("hidden_act");
            c.put("hidden_activation", "gelu_pytorch_tanh");
        });
        GemmaCheckpoint.open(folder).close();
        editConfig(folder, c -> c.remove("hidden_activation"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder)).hasMessageContaining("'hidden_activation'");
    }

    @Test
    void eosMayBeAList() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.put("eos_token_id", 1));
        try (GemmaCheckpoint c = GemmaCheckpoint.open(folder)) {
            assertThat(c.config().eosTokenIds()).containsExactly(1);
        }
        editConfig(folder, c -> c.putArray("eos_token_id").add(1).add(107));
        try (GemmaCheckpoint c = GemmaCheckpoint.open(folder)) {
            assertThat(c.config().eosTokenIds()).containsExactly(1, 107);
        }
    }

    @Test
    void missingWeights() throws IOException {
        Path folder = model();
        Files.delete(folder.resolve("model.safetensors"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("model.safetensors").hasMessageContaining(folder.toString());
    }

    @Test
    void missingShardListedInTheIndex() throws IOException {
        Path folder = shardedModel();
        Files.delete(folder.resolve("model-00002-of-00003.safetensors"));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("model-00002-of-00003.safetensors")
                .hasMessageContaining("model.safetensors.index.json");
    }

    @Test
    void missingTensor() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.put("num_hidden_layers", 4));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("'model.layers.3.input_layernorm.weight'").hasMessageContaining(folder.toString());
    }

    @Test
    void shapeDisagreeingWithTheConfig() throws IOException {
        Path folder = model();
        editConfig(folder, c -> c.put("intermediate_size", 256));
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("'model.layers.0.mlp.gate_proj.weight'").hasMessageContaining("shape");
    }

    @Test
    void unsupportedDtype() throws IOException {
        Path folder = model();
        Path file = folder.resolve("model.safetensors");
        // Same width, so only the dtype is wrong: relabel the first F32 tensor as I32.
        replaceInHeader(file, "\"dtype\":\"F32\"", "\"dtype\":\"I32\"");
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Unsupported dtype I32").hasMessageContaining(file.toString())
                .hasMessageContaining("'model.");
    }

    @Test
    void truncatedFile() throws IOException {
        Path folder = model();
        Path file = folder.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - 100);
        }
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining("Corrupt safetensors file " + file).hasMessageContaining("truncated");
    }

    @Test
    void fileCutInsideItsHeader() throws IOException {
        Path folder = model();
        Path file = folder.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(100);
        }
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining(file.toString()).hasMessageContaining("header length");
    }

    @Test
    void garbageHeader() throws IOException {
        Path folder = model();
        Path file = folder.resolve("model.safetensors");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(8);
            raf.write("not json at all".getBytes(StandardCharsets.US_ASCII));
        }
        assertThatThrownBy(() -> GemmaCheckpoint.open(folder))
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
    }

    @Test
    void shardedFolderLoads() {
        try (GemmaCheckpoint c = GemmaCheckpoint.open(shardedModel())) {
            assertThat(c.weights().layers()).hasSize(3);
        }
    }

    private Path shardedModel() {
        GemmaConfig small = GemmaShapes.tiny().withVocabSize(128);
        Path folder = RandomGemmaModel.write(dir.resolve("sharded"), small,
                RandomGemmaModel.Options.defaults(small).withMaxShardBytes(200_000));
        assertThat(folder.resolve("model.safetensors.index.json")).exists();
        assertThat(folder.resolve("model-00003-of-00003.safetensors")).exists();
        return folder;
    }

    private static void replaceInHeader(Path file, String from, String to) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            byte[] len = new byte[8];
            raf.readFully(len);
            int headerLength = (int) ByteBuffer.wrap(len).order(ByteOrder.LITTLE_ENDIAN).getLong();
            byte[] header = new byte[headerLength];
            raf.readFully(header);
            String text = new String(header, StandardCharsets.UTF_8).replaceFirst(java.util.regex.Pattern.quote(from), to);
            raf.seek(8);
            raf.write(text.getBytes(StandardCharsets.UTF_8));
        }
    }
}
