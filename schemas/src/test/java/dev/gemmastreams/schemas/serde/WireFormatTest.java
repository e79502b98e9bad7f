package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.avro.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class WireFormatTest {

    private final SpecificAvroDeserializer<Document> deserializer =
            new SpecificAvroDeserializer<>(new InMemorySchemaRegistry(), Document.class);

    @Test
    void fewerBytesThanTheHeaderAreTooShort() {
        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> deserializer.deserialize("documents", new byte[] {0, 0, 1}));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.TOO_SHORT);
        assertThat(e.getMessage()).contains("'documents'", "3 byte(s)", "at least 5");
    }

    @Test
    void plainJsonHasAnUnknownMagicByte() {
        byte[] json = "{\"id\":\"doc-1\"}".getBytes(StandardCharsets.UTF_8);

        WireFormatException e = catchThrowableOfType(WireFormatException.class,
                () -> deserializer.deserialize("documents", json));

        assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE);
        assertThat(e.getMessage()).contains("expected magic byte 0x00, found 0x7b", "'documents'");
    }

    @Test
    void headerCarriesTheSchemaIdBigEndian() {
        assertThat(WireFormat.header(0x01020304)).containsExactly(0, 1, 2, 3, 4);
        assertThat(WireFormat.schemaId("t", new byte[] {0, 1, 2, 3, 4})).isEqualTo(0x01020304);
    }

    @Test
    void nullBytesAreATombstone() {
        assertThat(deserializer.deserialize("documents", null)).isNull();
    }
}
