package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import dev.gemmastreams.service.kafka.InProcessKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * TLS and SASL proven: a broker whose only listener for the service is SASL_SSL (SCRAM-SHA-512 over TLS, with a
 * certificate and a user made here), and the service started with exactly the settings the README shows. The
 * test itself reads and writes topics on the broker's PLAINTEXT listener, which the service is never given.
 */
class SecureKafkaEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String USER = "gemma-streams-it";
    static final String PASSWORD = "scram-pw-" + UUID.randomUUID();
    static final String STORE_PASSWORD = "store-pw-" + UUID.randomUUID();

    private static Path folder;
    private static TestCertificates certificates;
    private static InProcessKafkaBroker broker;

    @BeforeAll
    static void startSecureBroker() throws Exception {
        folder = Files.createTempDirectory("gemma-streams-it-secure");
        certificates = TestCertificates.create(folder, STORE_PASSWORD);
        broker = new InProcessKafkaBroker(folder.resolve("kafka"), 0, List.of(new InProcessKafkaBroker.Listener(
                "SECURE", "SASL_SSL", Map.of(
                        "ssl.keystore.location", certificates.keyStore().toString(),
                        "ssl.keystore.type", "PKCS12",
                        "ssl.keystore.password", STORE_PASSWORD,
                        "ssl.key.password", STORE_PASSWORD,
                        "sasl.enabled.mechanisms", "SCRAM-SHA-512",
                        "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")))).start();
        try (Admin admin = Admin.create(Map.<String, Object>of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(USER,
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), PASSWORD))).all().get();
            await().atMost(PATIENCE).until(() ->
                    admin.describeUserScramCredentials(List.of(USER)).all().get().containsKey(USER));
        }
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @Test
    void theServiceJoinsWithTheReadmeSettingsAndSummarizesADocument() throws Exception {
        try (ServiceUnderTest service = ServiceUnderTest.start(broker.bootstrapServers("SECURE"), "it-secure",
                readmeArguments(PASSWORD))) {
            await().atMost(PATIENCE).until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
            Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    SerdeConfig.REGISTRY_URL, service.baseUrl().toString());
            SpecificAvroSerializer<Document> documents = new SpecificAvroSerializer<>();
            documents.configure(config, false);
            try (KafkaProducer<String, Document> producer = new KafkaProducer<>(config, new StringSerializer(), documents)) {
                producer.send(new ProducerRecord<>("documents", "over-tls", Document.newBuilder().setId("over-tls")
                        .setText("Records travel encrypted and authenticated.").build())).get();
            }
            SpecificAvroDeserializer<Summary> summaries = new SpecificAvroDeserializer<>();
            summaries.configure(Map.of(SerdeConfig.REGISTRY_URL, service.baseUrl().toString(),
                    SerdeConfig.SPECIFIC_AVRO_CLASS, Summary.class.getName()), false);
            try (TopicReader<Summary> reader = new TopicReader<>(broker.bootstrapServers(), "summaries", summaries)) {
                assertThat(reader.awaitKey("over-tls", PATIENCE).value().getStatus()).isEqualTo(Status.OK);
            }
        }
    }

    @Test
    void aWrongPasswordStopsStartUpWithAClearMessageThatKeepsThePasswordSecret() {
        String wrong = "wrong-pw-" + UUID.randomUUID();

        assertThatThrownBy(() -> ServiceUnderTest.start(broker.bootstrapServers("SECURE"), "it-secure-refused",
                readmeArguments(wrong)).close())
                .hasStackTraceContaining("Kafka at " + broker.bootstrapServers("SECURE")
                        + " refused the service's credentials (SASL_SSL, SCRAM-SHA-512)")
                .hasStackTraceContaining("[sasl.jaas.config]")
                .satisfies(e -> assertThat(stackTrace(e)).doesNotContain(wrong));
    }

    @Test
    void noSecretAppearsInWhatTheServicePrintsOrServes() throws Exception {
        String hubToken = "hf_property_" + UUID.randomUUID().toString().replace("-", "");
        String environmentToken = "hf_environment_" + UUID.randomUUID().toString().replace("-", "");
        String registrySecret = "registry-secret-" + UUID.randomUUID();
        List<String> arguments = new ArrayList<>(List.of(
                "--gemma-streams.kafka.bootstrap-servers=" + broker.bootstrapServers("SECURE"),
                "--gemma-streams.streams.application-id=it-secrets",
                "--gemma-streams.streams.state-dir=" + folder.resolve("secrets-state"),
                "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                "--gemma-streams.model.hub-token=" + hubToken,
                "--gemma-streams.registry.basic-auth-user-info=svc:" + registrySecret));
        arguments.addAll(List.of(readmeArguments(PASSWORD)));
        List<String> served = new ArrayList<>();
        String log;
        try (ServiceProcess service = ServiceProcess.start(folder, Map.of("HF_TOKEN", environmentToken),
                arguments.toArray(String[]::new))) {
            service.awaitReady(PATIENCE);
            HttpResponses http = new HttpResponses(service.httpPort());
            String index = http.body("/actuator");
            served.add(index);
            assertThat(linkNames(index)).containsExactlyInAnyOrder("self", "health", "health-path", "info", "prometheus");
            for (String link : links(index)) {
                served.add(http.body(link));
            }
            for (String path : List.of("/actuator/health/readiness", "/actuator/env", "/actuator/configprops",
                    "/actuator/beans", "/documents/summary?id=none", "/no-such-page", "/questions/answer")) {
                served.add(http.body(path));
            }
            assertThat(service.status("/actuator/env")).isEqualTo(404);
            assertThat(service.terminate(Duration.ofSeconds(60))).isIn(0, 143); // its last lines are in the log too
            log = service.log();
        }

        assertThat(log).contains("Kafka Streams state REBALANCING -> RUNNING");
        assertThat(served).allSatisfy(body -> assertThat(body).isNotBlank());
        for (String secret : List.of(PASSWORD, STORE_PASSWORD, hubToken, environmentToken, registrySecret)) {
            assertThat(log).as("the service's log").doesNotContain(secret);
            assertThat(served).as("what the service served").noneMatch(body -> body.contains(secret));
        }
    }

    private static List<String> linkNames(String actuatorIndex) {
        return java.util.regex.Pattern.compile("\"([A-Za-z-]+)\":\\{\"href\"").matcher(actuatorIndex).results()
                .map(m -> m.group(1)).toList();
    }

    /** The index's links that need no template filled in, as paths. */
    private static List<String> links(String actuatorIndex) {
        return java.util.regex.Pattern.compile("\"href\":\"http://[^/]+(/[^\"]*)\",\"templated\":false")
                .matcher(actuatorIndex).results().map(m -> m.group(1)).toList();
    }

    /** Bodies of GETs whatever their status. */
    private record HttpResponses(int port) {
        String body(String path) throws Exception {
            return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://localhost:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        }
    }

    /**
     * The README's example, with this broker's user, password and trust store in place of its samples; its
     * bootstrap servers are given as this broker's SASL_SSL address by {@link ServiceUnderTest} itself.
     */
    static String[] readmeArguments(String password) {
        Map<String, String> settings = ReadmeKafkaSettings.read();
        assertThat(settings).containsKeys("gemma-streams.kafka.bootstrap-servers",
                "gemma-streams.kafka.client.[sasl.jaas.config]");
        List<String> arguments = new ArrayList<>();
        settings.remove("gemma-streams.kafka.bootstrap-servers");
        settings.forEach((name, value) -> {
            String actual = switch (name) {
                case "gemma-streams.kafka.client.[sasl.jaas.config]" -> value
                        .replaceFirst("username=\"[^\"]*\"", "username=\"" + USER + "\"")
                        .replaceFirst("password=\"[^\"]*\"", "password=\"" + password + "\"");
                case "gemma-streams.kafka.client.[ssl.truststore.location]" -> certificates.trustStore().toString();
                case "gemma-streams.kafka.client.[ssl.truststore.password]" -> STORE_PASSWORD;
                default -> value;
            };
            arguments.add("--" + name + "=" + actual);
        });
        return arguments.toArray(String[]::new);
    }

    private static String stackTrace(Throwable e) {
        java.io.StringWriter out = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(out));
        return out.toString();
    }
}
