package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.service.GemmaStreamsApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** The real service, started against a given broker on a free HTTP port, with its own state folder. */
public final class ServiceUnderTest implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final ConfigurableApplicationContext context;

    private ServiceUnderTest(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static ServiceUnderTest start(String bootstrapServers, String applicationId, String... extraArgs) {
        try {
            Path state = Files.createTempDirectory("gemma-streams-it-state");
            List<String> args = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--gemma-streams.kafka.bootstrap-servers=" + bootstrapServers,
                    "--gemma-streams.topics.partitions=2",
                    "--gemma-streams.streams.application-id=" + applicationId,
                    "--gemma-streams.streams.state-dir=" + state,
                    // Short commits so results become visible to read_committed consumers quickly.
                    "--gemma-streams.streams.properties.commit.interval.ms=200",
                    "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                    "--gemma-streams.model.max-summary-tokens=8",
                    "--gemma-streams.model.max-answer-tokens=8"));
            args.addAll(List.of(extraArgs));
            ConfigurableApplicationContext context = new SpringApplicationBuilder(GemmaStreamsApplication.class)
                    .run(args.toArray(String[]::new));
            return new ServiceUnderTest(context);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI baseUrl() {
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        return URI.create("http://localhost:" + port);
    }

    public HttpResponse<String> get(String path) {
        try {
            return HTTP.send(HttpRequest.newBuilder(baseUrl().resolve(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        context.close();
    }
}
