package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import dev.gemmastreams.service.GemmaStreamsApplication;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The one-machine default: no Kafka configured, so the service starts its own broker and registry, creates its
 * topics, becomes ready, and finds its topics and schema ids again after a restart on the same data folder.
 */
class EmbeddedDefaultsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path data;

    @Test
    void startsItsOwnBrokerAndRegistryAndKeepsThemAcrossARestart() throws Exception {
        String firstId;
        try (ConfigurableApplicationContext service = start()) {
            awaitReady(service);
            assertThat(topics(service)).contains("documents", "questions", "summaries", "answers",
                    "safety-verdicts", "dead-letters", "_schemas");
            firstId = registerDocumentSchema(service);
        }
        try (ConfigurableApplicationContext restarted = start()) {
            awaitReady(restarted);
            assertThat(registerDocumentSchema(restarted)).isEqualTo(firstId);
            assertThat(get(restarted, "/subjects/it-value/versions").body()).isEqualTo("[1]");
        }
    }

    private ConfigurableApplicationContext start() {
        return new SpringApplicationBuilder(GemmaStreamsApplication.class).run(
                "--server.port=0",
                "--gemma-streams.kafka.embedded.port=0",
                "--gemma-streams.kafka.embedded.data-dir=" + data.resolve("kafka"),
                "--gemma-streams.streams.state-dir=" + data.resolve("streams"),
                "--gemma-streams.model.demo-dir=" + TestModels.demoDir());
    }

    private static void awaitReady(ConfigurableApplicationContext service) {
        await().atMost(Duration.ofSeconds(90))
                .until(() -> get(service, "/actuator/health/readiness").statusCode() == 200);
    }

    private static Set<String> topics(ConfigurableApplicationContext service) throws Exception {
        try (Admin admin = Admin.create(service.getBean(KafkaClientSettings.class).clientConfig())) {
            return admin.listTopics().names().get();
        }
    }

    private static String registerDocumentSchema(ConfigurableApplicationContext service) throws Exception {
        String body = "{\"schema\": \"{\\\"type\\\":\\\"record\\\",\\\"name\\\":\\\"It\\\",\\\"fields\\\":[]}\"}";
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(url(service, "/subjects/it-value/versions"))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return response.body();
    }

    private static HttpResponse<String> get(ConfigurableApplicationContext service, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url(service, path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI url(ConfigurableApplicationContext service, String path) {
        int port = ((WebServerApplicationContext) service).getWebServer().getPort();
        return URI.create("http://localhost:" + port + path);
    }
}
