package dev.gemmastreams.registry;

import dev.gemmastreams.registry.StoreRecord.Compatibility;
import dev.gemmastreams.registry.StoreRecord.SchemaVersion;
import dev.gemmastreams.registry.StoreRecord.VersionRemoved;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import java.util.Optional;

/**
 * JSON keys and values of the registry topic, in the layout Confluent Schema Registry uses for its own
 * {@code _schemas} topic ({"keytype":"SCHEMA","subject":..,"version":..,"magic":1}), so the two can read each
 * other's topic. Keys are written with a fixed field order: compaction compares key bytes.
 */
final class StoreCodec {

    record KeyValue(byte[] key, byte[] value) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private StoreCodec() {
    }

    static KeyValue encode(StoreRecord record) {
        return switch (record) {
            case SchemaVersion v -> {
                ObjectNode value = JSON.createObjectNode()
                        .put("subject", v.subject()).put("version", v.version()).put("id", v.id())
                        .put("schema", v.schema()).put("deleted", v.deleted());
                yield new KeyValue(schemaKey(v.subject(), v.version()), JSON.writeValueAsBytes(value));
            }
            case VersionRemoved r -> new KeyValue(schemaKey(r.subject(), r.version()), null);
            case Compatibility c -> {
                ObjectNode key = JSON.createObjectNode().put("keytype", "CONFIG").put("subject", c.subject()).put("magic", 0);
                byte[] value = c.level() == null ? null
                        : JSON.writeValueAsBytes(JSON.createObjectNode().put("compatibilityLevel", c.level().name()));
                yield new KeyValue(JSON.writeValueAsBytes(key), value);
            }
        };
    }

    /** The record a key and value stand for; empty for key types we do not use (Confluent's NOOP, modes, ...). */
    static Optional<StoreRecord> decode(byte[] keyBytes, byte[] valueBytes) {
        JsonNode key = JSON.readTree(keyBytes);
        String subject = key.path("subject").isString() ? key.path("subject").stringValue() : null;
        switch (key.path("keytype").asString("")) {
            case "SCHEMA" -> {
                int version = key.path("version").asInt(0);
                if (valueBytes == null) {
                    return Optional.of(new VersionRemoved(subject, version));
                }
                JsonNode value = JSON.readTree(valueBytes);
                return Optional.of(new SchemaVersion(subject, version, value.path("id").asInt(0),
                        value.path("schema").asString(""), value.path("deleted").asBoolean(false)));
            }
            case "CONFIG" -> {
                CompatibilityLevel level = valueBytes == null ? null : CompatibilityLevel.valueOf(
                        JSON.readTree(valueBytes).path("compatibilityLevel").asString(CompatibilityLevel.BACKWARD.name()));
                return Optional.of(new Compatibility(subject, level));
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    private static byte[] schemaKey(String subject, int version) {
        return JSON.writeValueAsBytes(JSON.createObjectNode()
                .put("keytype", "SCHEMA").put("subject", subject).put("version", version).put("magic", 1));
    }
}
