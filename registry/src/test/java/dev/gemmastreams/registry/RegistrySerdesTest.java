package dev.gemmastreams.registry;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.serde.GenericAvroDeserializer;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerde;
import dev.gemmastreams.schemas.serde.WireFormatException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The serdes end to end through the registry served over HTTP. */
@RegistryWebTest
class RegistrySerdesTest {

    @LocalServerPort
    int port;

    private final String topic = "documents-" + UUID.randomUUID();
    private SchemaRegistryClient client;
    private SpecificAvroSerde<Document> serde;

    @BeforeEach
    void connect() {
        client = new SchemaRegistryClient(URI.create(registryUrl()), Duration.ofSeconds(10));
        serde = new SpecificAvroSerde<>(client, Document.class);
    }

    @AfterEach
    void disconnect() {
        serde.close();
        client.close();
    }

    private String registryUrl() {
        return "http://localhost:" + port;
    }

    private static Document document() {
        return Document.newBuilder()
                .setId("doc-1")
                .setText("Compacted topics keep the latest value per key.")
                .setTitle("Compaction")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMetadata(Map.of("lang", "en"))
                .build();
    }

    private WireFormatException readFailure(byte[] bytes) {
        return catchThrowableOfType(WireFormatException.class, () -> serde.deserializer().deserialize(topic, bytes));
    }

    @Test
    void documentRoundTripsThroughTheRegistry() {
        byte[] bytes = serde.serializer().serialize(topic, document());

        assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(document());
    }

    @Test
    void serializerRegistersTheSchemaUnderTheTopicsValueSubject() {
        serde.serializer().serialize(topic, document());

        assertThat(client.latest(topic + "-value").schema()).isEqualTo(Document.getClassSchema());
    }

    @Test
    void genericDeserializerReadsTheDocumentKnowingOnlyTheRegistryUrl() {
        byte[] bytes = serde.serializer().serialize(topic, document());

        try (GenericAvroDeserializer generic = new GenericAvroDeserializer()) {
            generic.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl()), false);
            GenericRecord record = generic.deserialize(topic, bytes);

            assertThat(record.get("id")).hasToString("doc-1");
            assertThat(record.get("title")).hasToString("Compaction");
            assertThat(record.get("createdAt")).isEqualTo(1_700_000_000_000L);
        }
    }

    @Test
    void specificDeserializerConfiguredByKafkaReadsTheDocument() {
        byte[] bytes = serde.serializer().serialize(topic, document());

        try (SpecificAvroDeserializer<Document> configured = new SpecificAvroDeserializer<>()) {
            configured.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl(),
                    SerdeConfig.SPECIFIC_AVRO_CLASS, Document.class.getName()), false);

            assertThat(configured.deserialize(topic, bytes)).isEqualTo(document());
        }
    }

    @Test
    void bytesWithoutTheMagicByteAreUnknownMagicByte() {
        byte[] json = "{\"id\": \"doc-1\"}".getBytes(StandardCharsets.UTF_8);

        WireFormatException e = readFailure(json);

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE);
        assertThat(e.getMessage()).contains("found 0x7b", topic);
    }

    @Test
    void schemaIdTheRegistryDoesNotKnowIsUnknownSchemaId() {
        byte[] bytes = serde.serializer().serialize(topic, document());
        ByteBuffer.wrap(bytes).putInt(1, 876_543);

        WireFormatException e = readFailure(bytes);

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
        assertThat(e.getMessage()).contains("876543", topic, "40403");
    }

    @Test
    void writerSchemaTheReaderCannotReadIsIncompatibleWriterSchema() throws IOException {
        Schema writer = new Schema.Parser().parse("""
                {"type": "record", "name": "Document", "namespace": "dev.gemmastreams.avro", "fields": [
                  {"name": "id", "type": "long"},
                  {"name": "body", "type": "string"}]}""");
        int writerId = client.register(topic + "-value", writer);
        GenericRecord old = new GenericData.Record(writer);
        old.put("id", 42L);
        old.put("body", "written by an old producer");

        WireFormatException e = readFailure(wireFormat(writerId, writer, old));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA);
        assertThat(e.getMessage()).contains("schema id " + writerId, topic, "TYPE_MISMATCH",
                "READER_FIELD_MISSING_DEFAULT_VALUE", "text");
    }

    @Test
    void unreachableRegistryIsRegistryUnavailable() throws IOException {
        byte[] bytes = serde.serializer().serialize(topic, document());
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SchemaRegistryClient nowhere = new SchemaRegistryClient(URI.create("http://127.0.0.1:" + closedPort),
                Duration.ofSeconds(2));
             SpecificAvroDeserializer<Document> deserializer = new SpecificAvroDeserializer<>(nowhere, Document.class)) {

            WireFormatException e = catchThrowableOfType(WireFormatException.class,
                    () -> deserializer.deserialize(topic, bytes));

            assertThat(e.reason()).isEqualTo(WireFormatException.Reason.REGISTRY_UNAVAILABLE);
            assertThat(e.getMessage()).contains("127.0.0.1:" + closedPort, topic);
        }
    }

    /** Bytes as a producer with another schema would have written them. */
    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
