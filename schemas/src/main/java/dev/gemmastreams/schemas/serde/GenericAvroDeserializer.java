package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DatumReader;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads Confluent wire-format records as {@link GenericRecord}s with nothing but the writer's schema from the
 * registry: what a consumer knowing only the registry URL (no generated classes) sees.
 */
public class GenericAvroDeserializer implements Deserializer<GenericRecord> {

    static {
        AvroTrust.trustOurPackages();
    }

    private final Map<Integer, DatumReader<GenericRecord>> readersByWriterId = new ConcurrentHashMap<>();
    private RegistrySchemas registry;

    /** For Kafka to instantiate by class name; {@link #configure} must then supply {@link SerdeConfig#REGISTRY_URL}. */
    public GenericAvroDeserializer() {
    }

    public GenericAvroDeserializer(SchemaRegistry registry) {
        this.registry = new RegistrySchemas(registry, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (registry == null) {
            registry = new RegistrySchemas(SerdeConfig.registryClient(configs), true);
        }
    }

    @Override
    public GenericRecord deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("GenericAvroDeserializer used before configure() gave it a registry");
        }
        int writerId = WireFormat.schemaId(topic, data);
        DatumReader<GenericRecord> reader = readersByWriterId.get(writerId);
        if (reader == null) {
            Schema writer = registry.writerSchema(topic, writerId);
            reader = new GenericDatumReader<>(writer);
            readersByWriterId.putIfAbsent(writerId, reader);
        }
        return AvroBody.decode(topic, writerId, data, reader);
    }

    @Override
    public void close() {
        if (registry != null) {
            try {
                registry.close();
            } catch (Exception e) {
                throw new IllegalStateException("Closing the schema registry client failed", e);
            }
        }
    }
}
