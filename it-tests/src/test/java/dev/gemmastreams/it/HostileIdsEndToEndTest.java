package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every id Kafka accepts as a key can be looked up over HTTP, and every error of the HTTP endpoints is JSON: the
 * real service on a real broker, called over real HTTP.
 */
class HostileIdsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** What a browser asks for. */
    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Ids a path segment can carry once percent-encoded ('/' as %2F included). */
    static final List<String> SEGMENT_IDS = List.of("a/b", "a/../../actuator/env", "50% off", "with space",
            "ünïcødé 文書", "q?x=1&y#z", "semi;colon", "back\\slash", "plus+sign", "%2F-literally");
    /** And those only the query form can carry: dot-segments are removed from any path before it is routed. */
    static final List<String> ALL_IDS = concat(SEGMENT_IDS, List.of("..", "."));

    private static BrokerUnderTest broker;
    private static ServiceUnderTest service;

    @BeforeAll
    static void startAndPublish() throws Exception {
        broker = BrokerUnderTest.start();
        service = ServiceUnderTest.start(broker.bootstrapServers(), "it-hostile-ids");
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                SerdeConfig.REGISTRY_URL, service.baseUrl().toString());
        SpecificAvroSerializer<Document> documents = new SpecificAvroSerializer<>();
        documents.configure(config, false);
        try (KafkaProducer<String, Document> producer = new KafkaProducer<>(config, new StringSerializer(), documents)) {
            for (String id : ALL_IDS) {
                producer.send(new ProducerRecord<>("documents", id, Document.newBuilder().setId(id)
                        .setText(textOf(id)).build())).get();
            }
        }
        await().atMost(PATIENCE).until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stopAll() throws Exception {
        service.close();
        broker.close();
    }

    @ParameterizedTest
    @FieldSource("ALL_IDS")
    void aDocumentIsFoundWithItsIdAsAQueryParameter(String id) {
        String path = "/documents?id=" + encoded(id);

        await().atMost(PATIENCE).until(() -> get(path, "application/json").statusCode() == 200);
        assertThat(get(path, "application/json").body()).contains(textOf(id));
    }

    @ParameterizedTest
    @FieldSource("SEGMENT_IDS")
    void aDocumentIsFoundWithItsIdAsAnEncodedPathSegment(String id) {
        String path = "/documents/" + encoded(id);

        await().atMost(PATIENCE).until(() -> get(path, "application/json").statusCode() == 200);
        assertThat(get(path, "application/json").body()).contains(textOf(id));
    }

    @Test
    void theSummaryAndAnAnswerOfIdsWithSlashesAreFoundInBothForms() throws Exception {
        String documentId = "a/b";
        String questionId = "q/../1 ü%";
        SpecificAvroSerializer<Question> questions = new SpecificAvroSerializer<>();
        questions.configure(Map.of(SerdeConfig.REGISTRY_URL, service.baseUrl().toString()), false);
        try (KafkaProducer<String, Question> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()), new StringSerializer(),
                questions)) {
            producer.send(new ProducerRecord<>("questions", questionId, Question.newBuilder().setId(questionId)
                    .setQuestion("What is it?").setDocumentId(documentId).build())).get();
        }

        await().atMost(PATIENCE).until(() -> get("/documents/summary?id=" + encoded(documentId), "*/*").statusCode() == 200);
        assertThat(get("/documents/" + encoded(documentId) + "/summary", "*/*").body())
                .contains("\"documentId\":\"a/b\"");
        await().atMost(PATIENCE).until(() -> get("/questions/answer?id=" + encoded(questionId), "*/*").statusCode() == 200);
        assertThat(get("/questions/" + encoded(questionId) + "/answer", "*/*").statusCode()).isEqualTo(200);
    }

    @Test
    void anIdWithNoDocumentIsA404InJsonEvenForABrowser() {
        HttpResponse<String> response = get("/documents?id=" + encoded("no/such id"), BROWSER);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertJsonError(response.headers().firstValue("Content-Type").orElse(""), response.body(), 404);
        assertThat(response.body()).contains("No document for 'no/such id' (yet)");
    }

    @Test
    void aLookUpWithoutItsIdIsA400InJsonEvenForABrowser() {
        HttpResponse<String> response = get("/questions/answer", BROWSER);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
        assertJsonError(response.headers().firstValue("Content-Type").orElse(""), response.body(), 400);
        assertThat(response.body()).contains("id");
    }

    @Test
    void anUnknownPathIsA404InJsonEvenForABrowser() {
        HttpResponse<String> response = get("/no-such-page", "text/html");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
        assertJsonError(response.headers().firstValue("Content-Type").orElse(""), response.body(), 404);
    }

    @Test
    void aMalformedPercentEscapeRefusedByTomcatItselfIsA400InJson() throws IOException {
        // Java's HTTP client refuses to send such a URL: this is what a careless client writes on the wire.
        String raw = rawGet("/documents/%zz/summary");

        assertThat(raw).startsWith("HTTP/1.1 400");
        String head = raw.substring(0, raw.indexOf("\r\n\r\n"));
        String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
        assertJsonError(head.toLowerCase(), body, 400);
    }

    private static void assertJsonError(String contentType, String body, int status) {
        assertThat(contentType).contains("application/json");
        assertThat(body).startsWith("{").contains("\"status\":" + status).containsPattern("\"message\":\"[^\"]+\"")
                .doesNotContain("<html", "Whitelabel");
    }

    private static HttpResponse<String> get(String path, String accept) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(service.baseUrl() + path)).header("Accept", accept)
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String rawGet(String path) throws IOException {
        URI base = service.baseUrl();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAccept: text/html\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Percent-encoding as encodeURIComponent does it (a space as %20). */
    private static String encoded(String id) {
        return URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String textOf(String id) {
        return "The document whose id is number " + Math.abs(id.hashCode()) + ".";
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}
