package dev.gemmastreams.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.serde.InMemorySchemaRegistry;
import dev.gemmastreams.schemas.serde.SpecificAvroSerde;
import dev.gemmastreams.topology.errors.DeadLetterConfig;
import dev.gemmastreams.topology.errors.DeadLetterDeserializationHandler;
import dev.gemmastreams.topology.errors.DeadLetterProcessingHandler;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The documents branch of the topology: valid documents are kept by id, everything else is a dead letter. */
class DocumentsTopologyTest {

    private static final TopicNames TOPICS = TopicNames.defaults();
    private static final int MAX_CHARS = 100;

    private TopologyTestDriver driver;
    private TestInputTopic<String, Document> documents;
    private TestInputTopic<String, byte[]> rawDocuments;
    private TestOutputTopic<String, DeadLetter> deadLetters;
    private KeyValueStore<String, Document> store;

    @BeforeEach
    void startDriver() {
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        SpecificAvroSerde<Document> documentSerde = new SpecificAvroSerde<>(registry, Document.class);
        SpecificAvroSerde<DeadLetter> deadLetterSerde = new SpecificAvroSerde<>(registry, DeadLetter.class);

        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "documents-topology-test");
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        config.put(DeadLetterConfig.TOPIC, TOPICS.deadLetters());
        config.put(DeadLetterConfig.REGISTRY, registry);
        driver = new TopologyTestDriver(
                GemmaStreamsTopology.build(TOPICS, TopologySerdes.using(registry), MAX_CHARS), config);

        documents = driver.createInputTopic(TOPICS.documents(), new StringSerializer(), documentSerde.serializer());
        rawDocuments = driver.createInputTopic(TOPICS.documents(), new StringSerializer(), new ByteArraySerializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), new StringDeserializer(),
                deadLetterSerde.deserializer());
        store = driver.getKeyValueStore(StoreNames.DOCUMENTS);
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void aValidDocumentIsKeptById() {
        documents.pipeInput("doc-1", document("doc-1", "Some text."));

        assertThat(store.get("doc-1").getText()).isEqualTo("Some text.");
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneDeletesTheDocument() {
        documents.pipeInput("doc-1", document("doc-1", "Some text."));
        documents.pipeInput("doc-1", null);

        assertThat(store.get("doc-1")).isNull();
    }

    @Test
    void emptyTextIsADeadLetterAtValidation() {
        documents.pipeInput("doc-1", document("doc-1", " \n "));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("validate");
        assertThat(letter.getErrorType()).isEqualTo("EMPTY_TEXT");
        assertThat(letter.getError()).contains("doc-1");
        assertThat(store.get("doc-1")).isNull();
    }

    @Test
    void textOverTheLimitIsADeadLetter() {
        documents.pipeInput("big", document("big", "x".repeat(MAX_CHARS + 1)));

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("TEXT_TOO_LARGE");
        assertThat(letter.getError()).contains(String.valueOf(MAX_CHARS + 1)).contains(String.valueOf(MAX_CHARS));
    }

    @Test
    void aKeyThatDiffersFromTheIdIsADeadLetter() {
        documents.pipeInput("other-key", document("doc-1", "Some text."));

        assertThat(deadLetters.readValue().getErrorType()).isEqualTo("KEY_MISMATCH");
    }

    @Test
    void bytesWithoutTheMagicByteAreADeadLetterWithTheOriginalBytes() {
        byte[] json = "{\"id\":\"doc-1\"}".getBytes(StandardCharsets.UTF_8);
        rawDocuments.pipeInput("doc-1", json);

        DeadLetter letter = deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("deserialize");
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getOriginalTopic()).isEqualTo(TOPICS.documents());
        assertThat(bytes(letter.getValue())).isEqualTo(json);
        assertThat(bytes(letter.getKey())).isEqualTo("doc-1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStreamGoesOnAfterABadRecord() {
        rawDocuments.pipeInput("bad", new byte[] {1, 2, 3});
        documents.pipeInput("good", document("good", "Fine."));

        assertThat(deadLetters.readKeyValuesToList()).hasSize(1);
        assertThat(store.get("good")).isNotNull();
    }

    private static Document document(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
