package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Writes generated Avro records in the Confluent wire format, registering the record's schema under
 * {@code <topic>-value} (or {@code -key}) the first time and reusing the id afterwards.
 */
public class SpecificAvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroTrust.trustOurPackages();
    }

    private final Map<Schema, DatumWriter<T>> writers = new ConcurrentHashMap<>();
    private RegistrySchemas registry;
    private boolean isKey;

    /** For Kafka to instantiate by class name; {@link #configure} must then supply {@link SerdeConfig#REGISTRY_URL}. */
    public SpecificAvroSerializer() {
    }

    public SpecificAvroSerializer(SchemaRegistry registry) {
        this(registry, false);
    }

    public SpecificAvroSerializer(SchemaRegistry registry, boolean isKey) {
        this.registry = new RegistrySchemas(registry, false);
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.isKey = isKey;
        if (registry == null) {
            registry = new RegistrySchemas(SerdeConfig.registryClient(configs), true);
        }
    }

    @Override
    public byte[] serialize(String topic, T record) {
        if (record == null) {
            return null; // tombstones stay tombstones
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroSerializer used before configure() gave it a registry");
        }
        Schema schema = record.getSchema();
        int id = registry.register(topic, TopicNameStrategy.subject(topic, isKey), schema);
        return AvroBody.encode(id, record, writers.computeIfAbsent(schema, this::writerFor));
    }

    private DatumWriter<T> writerFor(Schema schema) {
        // The generated class's own model knows its logical-type conversions (timestamps, decimals).
        return new SpecificDatumWriter<>(schema, SpecificData.getForSchema(schema));
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
