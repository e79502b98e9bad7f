package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.avro.Document;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SpecificAvroSerdeTest {

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final SpecificAvroSerde<Document> serde = new SpecificAvroSerde<>(registry, Document.class);

    @Test
    void documentSurvivesTheRoundTrip() {
        Document document = Documents.sample();

        byte[] bytes = serde.serializer().serialize("documents", document);

        assertThat(bytes[0]).isZero();
        assertThat(serde.deserializer().deserialize("documents", bytes)).isEqualTo(document);
    }

    @Test
    void serializerRegistersOncePerSubject() {
        serde.serializer().serialize("documents", Documents.sample());
        serde.serializer().serialize("documents", Documents.sample());
        serde.serializer().serialize("archive", Documents.sample());

        assertThat(registry.registrations("documents-value")).isEqualTo(1);
        assertThat(registry.registrations("archive-value")).isEqualTo(1);
    }

    @Test
    void keySerializerUsesTheKeySubject() {
        new SpecificAvroSerializer<Document>(registry, true).serialize("documents", Documents.sample());

        assertThat(registry.registrations("documents-key")).isEqualTo(1);
    }

    @Test
    void genericDeserializerReadsWithTheWriterSchemaAlone() {
        byte[] bytes = serde.serializer().serialize("documents", Documents.sample());

        GenericRecord record = new GenericAvroDeserializer(registry).deserialize("documents", bytes);

        assertThat(record.getSchema().getFullName()).isEqualTo("dev.gemmastreams.avro.Document");
        assertThat(record.get("id")).hasToString("doc-1");
    }

    @Test
    void unknownSchemaIdIsReported() {
        byte[] bytes = serde.serializer().serialize("documents", Documents.sample());
        bytes[4] = 99;

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> serde.deserializer().deserialize("documents", bytes));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
        assertThat(e.getMessage()).contains("schema id 99", "'documents'");
    }

    @Test
    void writerSchemaTheReaderCannotReadIsIncompatible() {
        Schema writer = new Schema.Parser().parse("""
                {"type": "record", "name": "Document", "namespace": "dev.gemmastreams.avro",
                 "fields": [{"name": "id", "type": "long"}]}""");
        GenericRecord old = new GenericData.Record(writer);
        old.put("id", 7L);
        byte[] bytes = AvroBody.encode(registry.register("documents-value", writer), old,
                new GenericDatumWriter<>(writer));

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> serde.deserializer().deserialize("documents", bytes));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA);
        assertThat(e.getMessage()).contains("schema id 1", "dev.gemmastreams.avro.Document", "TYPE_MISMATCH",
                "READER_FIELD_MISSING_DEFAULT_VALUE");
    }

    @Test
    void leftOverBytesAreMalformed() {
        byte[] bytes = serde.serializer().serialize("documents", Documents.sample());
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> serde.deserializer().deserialize("documents", longer));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.MALFORMED_AVRO);
        assertThat(e.getMessage()).contains("left over");
    }

    @Test
    void truncatedBodyIsMalformed() {
        byte[] bytes = serde.serializer().serialize("documents", Documents.sample());
        byte[] shorter = Arrays.copyOf(bytes, bytes.length - 10);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> serde.deserializer().deserialize("documents", shorter));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.MALFORMED_AVRO);
    }
}
