package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.serde.GenericAvroDeserializer;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real service against a real broker: schemas go through the service's registry endpoint, Avro travels in the
 * registry wire format, and every bad record becomes a dead letter while the stream goes on.
 */
class DocumentsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static BrokerUnderTest broker;
    private static ServiceUnderTest service;
    private static String registryUrl;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static KafkaProducer<String, Document> documentProducer;
    private static TopicReader<DeadLetter> deadLetters;

    @BeforeAll
    static void startBrokerAndService() {
        broker = BrokerUnderTest.start();
        service = ServiceUnderTest.start(broker.bootstrapServers(), "it-documents");
        registryUrl = service.baseUrl().toString();
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
    static void stopAll() throws Exception {
        deadLetters.close();
        rawProducer.close();
        documentProducer.close();
        service.close();
        broker.close();
    }

    @Test
    void anAvroDocumentIsReadBackByAConsumerThatKnowsOnlyTheRegistryUrl() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "round-trip", document("round-trip", "Hello, Kafka."))).get();

        GenericAvroDeserializer generic = new GenericAvroDeserializer();
        generic.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl), false);
        try (TopicReader<GenericRecord> reader = new TopicReader<>(broker.bootstrapServers(), "documents", generic)) {
            GenericRecord read = reader.awaitKey("round-trip", PATIENCE).value();

            assertThat(read.getSchema().getFullName()).isEqualTo("dev.gemmastreams.avro.Document");
            assertThat(read.get("text")).hasToString("Hello, Kafka.");
        }
        assertThat(service.get("/subjects").body()).contains("documents-value");
    }

    @Test
    void aValidDocumentIsKeptInTheDocumentTable() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "kept", document("kept", "Keep me."))).get();

        await().atMost(PATIENCE).until(() -> service.get("/documents/kept").statusCode() == 200);
        assertThat(service.get("/documents/kept").body()).contains("Keep me.");
    }

    @Test
    void bytesWithoutTheMagicByteBecomeADeadLetterAndTheStreamGoesOn() throws Exception {
        byte[] json = "{\"id\":\"no-magic\"}".getBytes(StandardCharsets.UTF_8);
        rawProducer.send(new ProducerRecord<>("documents", "no-magic", json)).get();
        documentProducer.send(new ProducerRecord<>("documents", "after-no-magic", document("after-no-magic", "Next."))).get();

        DeadLetter letter = deadLetters.awaitKey("no-magic", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getStage()).isEqualTo("deserialize");
        assertThat(letter.getOriginalTopic()).isEqualTo("documents");
        assertThat(bytes(letter.getValue())).isEqualTo(json);
        await().atMost(PATIENCE).until(() -> service.get("/documents/after-no-magic").statusCode() == 200);
    }

    @Test
    void anUnknownSchemaIdBecomesADeadLetter() throws Exception {
        byte[] value = ByteBuffer.allocate(8).put((byte) 0).putInt(987_654).put(new byte[] {2, 4, 6}).array();
        rawProducer.send(new ProducerRecord<>("documents", "unknown-id", value)).get();

        DeadLetter letter = deadLetters.awaitKey("unknown-id", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(letter.getError()).contains("987654");
    }

    @Test
    void aWriterSchemaTheReaderCannotReadBecomesADeadLetter() throws Exception {
        Schema unrelated = new Schema.Parser().parse("""
                {"type":"record","name":"Document","namespace":"elsewhere",
                 "fields":[{"name":"id","type":"int"}]}""");
        int id = new SchemaRegistryClient(service.baseUrl(), Duration.ofSeconds(10)).register("elsewhere-value", unrelated);
        GenericRecord record = new GenericData.Record(unrelated);
        record.put("id", 7);
        rawProducer.send(new ProducerRecord<>("documents", "incompatible", wireFormat(id, unrelated, record))).get();

        DeadLetter letter = deadLetters.awaitKey("incompatible", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("INCOMPATIBLE_WRITER_SCHEMA");
        assertThat(letter.getError()).contains("text");
    }

    @Test
    void aDocumentWithEmptyTextBecomesADeadLetterAtValidation() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "empty", document("empty", "  "))).get();

        DeadLetter letter = deadLetters.awaitKey("empty", PATIENCE).value();

        assertThat(letter.getStage()).isEqualTo("validate");
        assertThat(letter.getErrorType()).isEqualTo("EMPTY_TEXT");
        assertThat(letter.getOriginalOffset()).isNotNegative();
    }

    @Test
    void prometheusExportsKafkaStreamsMetrics() {
        String metrics = service.get("/actuator/prometheus").body();

        assertThat(metrics).contains("kafka_stream_");
    }

    private static Document document(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTitle("Test " + id).build();
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
