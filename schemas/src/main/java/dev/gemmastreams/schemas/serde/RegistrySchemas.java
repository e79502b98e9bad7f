package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The serdes' view of the registry: registry errors become {@link WireFormatException}s naming the topic, and ids
 * a serializer registered are remembered so each (subject, schema) is registered once.
 */
final class RegistrySchemas implements AutoCloseable {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final SchemaRegistry registry;
    private final boolean owned;
    private final Map<SubjectSchema, Integer> registeredIds = new ConcurrentHashMap<>();

    /** @param owned whether closing the serde closes the registry (true when the serde created it from config) */
    RegistrySchemas(SchemaRegistry registry, boolean owned) {
        this.registry = registry;
        this.owned = owned;
    }

    int register(String topic, String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = registeredIds.get(key);
        if (cached != null) {
            return cached;
        }
        try {
            int id = registry.register(subject, schema);
            registeredIds.putIfAbsent(key, id);
            return id;
        } catch (SchemaRegistryException e) {
            if (e.isUnavailable()) {
                throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "Cannot write to topic '"
                        + topic + "': registering schema " + schema.getFullName() + " under subject '" + subject
                        + "' failed: " + e.getMessage(), e);
            }
            throw new WireFormatException(WireFormatException.Reason.SCHEMA_REJECTED, "Cannot write to topic '" + topic
                    + "': the registry refused schema " + schema.getFullName() + " under subject '" + subject + "': "
                    + e.getMessage(), e);
        }
    }

    Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            if (e.errorCode() == RegistryProtocol.SCHEMA_NOT_FOUND) {
                throw new WireFormatException(WireFormatException.Reason.UNKNOWN_SCHEMA_ID, "Record on topic '" + topic
                        + "' names writer schema id " + id + ", which the registry does not know (40403): "
                        + e.getMessage(), e);
            }
            throw new WireFormatException(WireFormatException.Reason.REGISTRY_UNAVAILABLE, "Cannot read record on topic '"
                    + topic + "': looking up writer schema id " + id + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws Exception {
        if (owned && registry instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
