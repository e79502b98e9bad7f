package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import dev.gemmastreams.service.kafka.InProcessKafkaBroker;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker with a small maximum message size: a dead letter for an input near that size still fits, and a result
 * larger than its output topic accepts becomes a dead letter (before the send, which would abort the exactly-once
 * transaction) instead of stopping the stream thread.
 */
class OversizedRecordsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final int MAX_MESSAGE_BYTES = 20_000;
    /** Small enough that no summary fits: every summary is refused by the broker. */
    private static final String SUMMARY_LIMIT = "100";

    private static InProcessKafkaBroker broker;
    private static ServiceUnderTest service;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static KafkaProducer<String, Document> documentProducer;
    private static TopicReader<DeadLetter> deadLetters;

    @BeforeAll
    static void startBrokerAndService() throws Exception {
        broker = new InProcessKafkaBroker(Files.createTempDirectory("gemma-streams-it-small-kafka"), 0,
                Map.of("message.max.bytes", String.valueOf(MAX_MESSAGE_BYTES))).start();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic("summaries", 2, (short) 1)
                    .configs(Map.of("max.message.bytes", SUMMARY_LIMIT)))).all().get();
        }
        service = ServiceUnderTest.start(broker.bootstrapServers(), "it-oversized",
                "--gemma-streams.streams.dead-letter-original-bytes=4096");
        String registryUrl = service.baseUrl().toString();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                SerdeConfig.REGISTRY_URL, registryUrl);
        rawProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        SpecificAvroSerializer<Document> documents = new SpecificAvroSerializer<>();
        documents.configure(producerConfig, false);
        documentProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), documents);
        SpecificAvroDeserializer<DeadLetter> letters = new SpecificAvroDeserializer<>();
        letters.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl,
                SerdeConfig.SPECIFIC_AVRO_CLASS, DeadLetter.class.getName()), false);
        deadLetters = new TopicReader<>(broker.bootstrapServers(), "dead-letters", letters);
        await().atMost(PATIENCE).until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stopAll() {
        deadLetters.close();
        rawProducer.close();
        documentProducer.close();
        service.close();
        broker.close();
    }

    @Test
    void theDeadLetterOfAnInputNearTheBrokersLimitFits() throws Exception {
        byte[] nearLimit = new byte[MAX_MESSAGE_BYTES - 200];
        Arrays.fill(nearLimit, (byte) '{');
        rawProducer.send(new ProducerRecord<>("documents", "near-limit", nearLimit)).get();

        DeadLetter letter = deadLetters.awaitKey("near-limit", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getValueSize()).isEqualTo(nearLimit.length);
        assertThat(letter.getValue().remaining()).isLessThan(4096);
        assertThat(letter.getValueSha256()).hasSize(64);
    }

    @Test
    void aResultLargerThanItsTopicAcceptsBecomesADeadLetterAndTheStreamGoesOn() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "refused",
                Document.newBuilder().setId("refused").setText("Kafka keeps records in topics.").build())).get();

        DeadLetter letter = deadLetters.awaitKey("refused", PATIENCE).value();

        assertThat(letter.getStage()).isEqualTo("produce");
        assertThat(letter.getErrorType()).isEqualTo("RESULT_TOO_LARGE");
        assertThat(letter.getOriginalTopic()).isEqualTo("documents");
        assertThat(letter.getError()).contains("summaries");
        // The stream thread still runs: a later bad record still gets its own dead letter.
        rawProducer.send(new ProducerRecord<>("documents", "after-refused", new byte[] {1, 2, 3})).get();
        assertThat(deadLetters.awaitKey("after-refused", PATIENCE).value().getErrorType()).isEqualTo("TOO_SHORT");
    }
}
