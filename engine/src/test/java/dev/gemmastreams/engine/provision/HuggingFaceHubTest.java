package dev.gemmastreams.engine.provision;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gemmastreams.engine.forward.GemmaModel;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real HTTP client against a real local HTTP server that answers as the Hugging Face Hub does: the model
 * API, file downloads, and the refusals for a missing token, an unaccepted licence and an unknown repository.
 */
class HuggingFaceHubTest {

    private static final String TOKEN = "hf_test_token";

    @TempDir
    Path temp;

    private HttpServer server;
    private Path remote;
    private final List<String> downloads = new ArrayList<>();

    @BeforeEach
    void startHub() throws IOException {
        remote = RandomGemmaModel.write(temp.resolve("remote"), GemmaShapes.shape(64, 16, 32, 1, 2, 1, 8, 8.0, 4,
                "float32"), RandomGemmaModel.Options.defaults(GemmaShapes.tiny()));
        Files.writeString(remote.resolve("README.md"), "not needed by the engine");
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::answer);
        server.start();
    }

    @AfterEach
    void stopHub() {
        server.stop(0);
    }

    private URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void answer(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String auth = exchange.getRequestHeaders().getFirst("Authorization");
        if (path.contains("gated/")) {
            reply(exchange, auth == null ? 401 : 403, "{\"error\":\"Access to model gated/model is restricted\"}");
        } else if (auth == null || !auth.equals("Bearer " + TOKEN)) {
            reply(exchange, 401, "{\"error\":\"Invalid credentials\"}");
        } else if (path.equals("/api/models/google/gemma-test/revision/main")) {
            StringBuilder siblings = new StringBuilder();
            try (Stream<Path> files = Files.list(remote)) {
                files.forEach(f -> siblings.append(siblings.isEmpty() ? "" : ",")
                        .append("{\"rfilename\":\"").append(f.getFileName()).append("\"}"));
            }
            reply(exchange, 200, "{\"id\":\"google/gemma-test\",\"siblings\":[" + siblings + "]}");
        } else if (path.startsWith("/google/gemma-test/resolve/main/")) {
            Path file = remote.resolve(path.substring("/google/gemma-test/resolve/main/".length()));
            downloads.add(file.getFileName().toString());
            byte[] bytes = Files.readAllBytes(file);
            exchange.sendResponseHeaders(200, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } else {
            reply(exchange, 404, "{\"error\":\"Repository not found\"}");
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Test
    void downloadsWhatTheEngineLoadsIntoTheCache() {
        List<HuggingFaceHub.Progress> progress = new ArrayList<>();
        Path folder = new HuggingFaceHub(endpoint(), TOKEN, temp.resolve("cache"))
                .download("google/gemma-test", "main", progress::add);

        assertThat(folder).startsWith(temp.resolve("cache"));
        assertThat(folder.resolve("README.md")).doesNotExist();
        assertThat(folder.resolve("model.safetensors")).hasSameBinaryContentAs(remote.resolve("model.safetensors"));
        assertThat(progress).extracting(HuggingFaceHub.Progress::file).contains("config.json", "model.safetensors");
        try (GemmaModel model = GemmaModel.load(folder)) {
            assertThat(model.config().hiddenSize()).isEqualTo(16);
        }
    }

    @Test
    void filesAlreadyCompleteInTheCacheAreNotWrittenAgain() throws IOException {
        HuggingFaceHub hub = new HuggingFaceHub(endpoint(), TOKEN, temp.resolve("cache"));
        Path folder = hub.download("google/gemma-test", "main", p -> { });
        long modified = Files.getLastModifiedTime(folder.resolve("model.safetensors")).toMillis();

        hub.download("google/gemma-test", "main", p -> { });

        assertThat(Files.getLastModifiedTime(folder.resolve("model.safetensors")).toMillis()).isEqualTo(modified);
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".part"));
        }
    }

    @Test
    void aMissingTokenSaysHowToGetOne() {
        assertThatThrownBy(() -> new HuggingFaceHub(endpoint(), null, temp).download("google/gemma-test", "main",
                p -> { })).isInstanceOf(ModelDownloadException.class).hasMessageContaining("HF_TOKEN")
                .hasMessageContaining("needs an access token");
    }

    @Test
    void aLicenceNotAcceptedSaysWhereToAcceptIt() {
        assertThatThrownBy(() -> new HuggingFaceHub(endpoint(), TOKEN, temp).download("gated/model", "main",
                p -> { })).isInstanceOf(ModelDownloadException.class).hasMessageContaining("accept the licence")
                .hasMessageContaining("/gated/model");
    }

    @Test
    void anUnknownRepositoryIsNamed() {
        assertThatThrownBy(() -> new HuggingFaceHub(endpoint(), TOKEN, temp).download("google/nope", "main",
                p -> { })).isInstanceOf(ModelDownloadException.class).hasMessageContaining("google/nope");
    }

    @Test
    void noNetworkSaysHowToWorkWithoutIt() throws IOException {
        URI closed;
        try (var socket = new java.net.ServerSocket(0)) {
            closed = URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
        URI nowhere = closed;
        assertThatThrownBy(() -> new HuggingFaceHub(nowhere, TOKEN, temp).download("google/gemma-test", "main",
                p -> { })).isInstanceOf(ModelDownloadException.class).hasMessageContaining("Cannot reach")
                .hasMessageContaining("--model DIR");
    }

    @Test
    void somethingThatIsNotARepositoryIdIsRefused() {
        assertThat(HuggingFaceHub.looksLikeRepoId("google/gemma-2-2b-it")).isTrue();
        assertThat(HuggingFaceHub.looksLikeRepoId("/models/gemma")).isFalse();
        assertThat(HuggingFaceHub.looksLikeRepoId("gemma")).isFalse();
    }
}
