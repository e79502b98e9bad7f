package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;

/** {@link SpecificAvroSerializer} and {@link SpecificAvroDeserializer} as one Kafka Streams serde. */
public class SpecificAvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final SpecificAvroSerializer<T> serializer;
    private final SpecificAvroDeserializer<T> deserializer;

    /** For Kafka to instantiate by class name; configure with the registry URL and {@link SerdeConfig#SPECIFIC_AVRO_CLASS}. */
    public SpecificAvroSerde() {
        this.serializer = new SpecificAvroSerializer<>();
        this.deserializer = new SpecificAvroDeserializer<>();
    }

    public SpecificAvroSerde(SchemaRegistry registry, Class<T> type) {
        this(registry, type, false);
    }

    public SpecificAvroSerde(SchemaRegistry registry, Class<T> type, boolean isKey) {
        this.serializer = new SpecificAvroSerializer<>(registry, isKey);
        this.deserializer = new SpecificAvroDeserializer<>(registry, type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
