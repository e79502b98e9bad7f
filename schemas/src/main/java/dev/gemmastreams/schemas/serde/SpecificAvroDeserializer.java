package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.SchemaRegistry;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Reads Confluent wire-format records into a generated Avro class: the writer's schema is fetched by the id in the
 * header and resolved to the class's schema, after checking with Avro's {@link SchemaCompatibility} that it can be.
 */
public class SpecificAvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroTrust.trustOurPackages();
    }

    private final Map<Integer, DatumReader<T>> readersByWriterId = new ConcurrentHashMap<>();
    private RegistrySchemas registry;
    private Schema readerSchema;
    private SpecificData model;

    /** For Kafka to instantiate by class name; {@link #configure} must then supply the registry URL and the class. */
    public SpecificAvroDeserializer() {
    }

    public SpecificAvroDeserializer(SchemaRegistry registry, Class<T> type) {
        this.registry = new RegistrySchemas(registry, false);
        useClass(type);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        if (readerSchema == null) {
            useClass(SerdeConfig.specificClass(configs));
        }
        if (registry == null) {
            registry = new RegistrySchemas(SerdeConfig.registryClient(configs), true);
        }
    }

    private void useClass(Class<?> type) {
        this.model = SpecificData.getForClass(type);
        this.readerSchema = model.getSchema(type);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("SpecificAvroDeserializer used before configure() gave it a registry");
        }
        int writerId = WireFormat.schemaId(topic, data);
        DatumReader<T> reader = readersByWriterId.get(writerId);
        if (reader == null) {
            reader = readerFor(topic, writerId);
            readersByWriterId.putIfAbsent(writerId, reader);
        }
        return AvroBody.decode(topic, writerId, data, reader);
    }

    private DatumReader<T> readerFor(String topic, int writerId) {
        Schema writer = registry.writerSchema(topic, writerId);
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            String problems = compatibility.getResult().getIncompatibilities().stream()
                    .map(i -> i.getType() + " at " + i.getLocation() + ": " + i.getMessage())
                    .collect(Collectors.joining("; "));
            throw new WireFormatException(WireFormatException.Reason.INCOMPATIBLE_WRITER_SCHEMA, "Record on topic '"
                    + topic + "' was written with schema id " + writerId + " (" + writer.getFullName()
                    + "), which cannot be read as reader schema " + readerSchema.getFullName() + ": " + problems);
        }
        return new SpecificDatumReader<>(writer, readerSchema, model);
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
