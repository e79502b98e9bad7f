package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

import java.util.HashMap;
import java.util.Map;

/**
 * A registry without a server, for tests and Kafka Streams' TopologyTestDriver: global ids by schema, 40403 for
 * ids it never handed out. No compatibility checks, no versions.
 */
public final class InMemorySchemaRegistry implements SchemaRegistry {

    private final Map<Schema, Integer> ids = new HashMap<>();
    private final Map<Integer, Schema> schemas = new HashMap<>();
    private final Map<String, Integer> registrationsBySubject = new HashMap<>();

    @Override
    public synchronized int register(String subject, Schema schema) {
        registrationsBySubject.merge(subject, 1, Integer::sum);
        return ids.computeIfAbsent(schema, s -> {
            int id = ids.size() + 1;
            schemas.put(id, s);
            return id;
        });
    }

    @Override
    public synchronized Schema schemaById(int id) {
        Schema schema = schemas.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, RegistryProtocol.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    /** How often {@link #register} was called for the subject: tells whether callers cache ids. */
    public synchronized int registrations(String subject) {
        return registrationsBySubject.getOrDefault(subject, 0);
    }
}
