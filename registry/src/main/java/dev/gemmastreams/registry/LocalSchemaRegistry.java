package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The registry this service serves, for its own serdes, without the HTTP hop: what the API's write rules
 * (read-only mode, write credentials) guard against is outsiders, not the service registering its own output
 * schemas. Refusals and store failures come back as the {@link SchemaRegistryException}s a remote registry would
 * give (a store failure as 500, so it is retried as an outage).
 */
public class LocalSchemaRegistry implements SchemaRegistry {

    /** Confluent's code for "error in the backend data store". */
    private static final int STORE_ERROR = 50001;

    private final RegistryService registry;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    public LocalSchemaRegistry(RegistryService registry) {
        this.registry = registry;
    }

    @Override
    public int register(String subject, Schema schema) {
        return answer(() -> registry.register(subject, schema.toString()));
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        Schema schema = new Schema.Parser().parse(answer(() -> registry.schemaById(id)));
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    private static <T> T answer(Supplier<T> call) {
        try {
            return call.get();
        } catch (RegistryError e) {
            throw new SchemaRegistryException(e.httpStatus(), e.errorCode(), "Schema registry (in-process): " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new SchemaRegistryException(500, STORE_ERROR, "Schema registry (in-process) store failed: " + e.getMessage(), e);
        }
    }
}
