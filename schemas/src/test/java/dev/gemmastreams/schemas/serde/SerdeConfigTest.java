package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.avro.Document;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

class SerdeConfigTest {

    @Test
    void configureWithoutRegistryUrlNamesTheMissingKey() {
        assertThatThrownBy(() -> new SpecificAvroSerializer<Document>().configure(Map.of(), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SerdeConfig.REGISTRY_URL);
    }

    @Test
    void specificDeserializerWithoutClassNamesTheMissingKey() {
        assertThatThrownBy(() -> new SpecificAvroDeserializer<Document>()
                .configure(Map.of(SerdeConfig.REGISTRY_URL, "http://localhost:1"), false))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining(SerdeConfig.SPECIFIC_AVRO_CLASS);
    }

    @Test
    void specificDeserializerAcceptsClassName() {
        try (SpecificAvroDeserializer<Document> deserializer = new SpecificAvroDeserializer<>()) {
            assertThatCode(() -> deserializer.configure(Map.of(SerdeConfig.REGISTRY_URL, "http://localhost:1",
                    SerdeConfig.SPECIFIC_AVRO_CLASS, Document.class.getName()), false)).doesNotThrowAnyException();
        }
    }
}
