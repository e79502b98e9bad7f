package dev.gemmastreams.service.registry;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import dev.gemmastreams.registry.KafkaSchemaStore;
import dev.gemmastreams.registry.RegistryServeMode;
import dev.gemmastreams.registry.RegistryServerSettings;
import dev.gemmastreams.registry.SchemaRegistryController;
import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import dev.gemmastreams.service.kafka.SharedKafka;
import dev.gemmastreams.service.web.JsonErrorAdvice;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service's wiring of the registry module: the server gets the service's registry properties and Kafka
 * connection, unknown paths are split between Confluent's error and the service's JSON error even with the
 * service's own last-in-line error advice present, and serve=off leaves no registry at all.
 */
@SpringBootTest(classes = ServedRegistryTest.ServiceSlice.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"management.endpoint.health.validate-group-membership=false",
                "gemma-streams.kafka.bootstrap-servers=set-by-the-test:9092",
                "gemma-streams.registry.serve=read-only", "gemma-streams.registry.topic=_schemas-served-registry-test",
                "gemma-streams.registry.write-credentials=writer:secret"})
class ServedRegistryTest {

    /** As the application: its error advice scanned first, the registry imported by ServedRegistryConfiguration. */
    @SpringBootConfiguration
    @EnableAutoConfiguration
    @EnableConfigurationProperties(RegistryProperties.class)
    @Import({JsonErrorAdvice.class, ServedRegistryConfiguration.class})
    static class ServiceSlice {

        @Bean
        KafkaClientSettings kafkaClientSettings() {
            return new KafkaClientSettings(SharedKafka.clientConfig());
        }
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    RegistryServerSettings settings;

    @Test
    void theServerTakesTheServicesRegistryPropertiesAndKafkaConnection() {
        assertThat(settings.serveMode()).isEqualTo(RegistryServeMode.READ_ONLY);
        assertThat(settings.topic()).isEqualTo("_schemas-served-registry-test");
        assertThat(settings.writeCredentials()).isEqualTo("writer:secret");
        assertThat(settings.kafkaClientConfig()).isEqualTo(SharedKafka.clientConfig());
    }

    @Test
    void anUnknownPathUnderTheRegistrysAnswersConfluentsError() throws Exception {
        HttpResponse<String> answer = get("/schemas/no/such/path");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("\"error_code\":" + RegistryProtocol.NOT_FOUND);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith(RegistryProtocol.CONTENT_TYPE));
    }

    @Test
    void anyOtherUnknownPathAnswersTheServicesJsonError() throws Exception {
        HttpResponse<String> answer = get("/no/such/path");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("{\"status\":404,\"error\":\"Not Found\",\"message\":\"No such path: /no/such/path\"}");
    }

    @Test
    void serveOffLeavesNoRegistry() {
        new WebApplicationContextRunner()
                .withUserConfiguration(ServedRegistryConfiguration.class)
                .withPropertyValues("gemma-streams.registry.serve=off")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean(SchemaRegistryController.class);
                    assertThat(context).doesNotHaveBean(KafkaSchemaStore.class);
                    assertThat(context).doesNotHaveBean(RegistryServerSettings.class);
                });
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
