package dev.gemmastreams.registry;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** The JSON bodies of the Confluent Schema Registry API, with its field names. */
final class RegistryDtos {

    private RegistryDtos() {
    }

    record SchemaString(String schema) {
    }

    record SchemaId(int id) {
    }

    record SubjectVersion(String subject, int version, int id, String schema) {
        static SubjectVersion of(StoreRecord.SchemaVersion v) {
            return new SubjectVersion(v.subject(), v.version(), v.id(), v.schema());
        }
    }

    record SubjectVersionRef(String subject, int version) {
        static SubjectVersionRef of(StoreRecord.SchemaVersion v) {
            return new SubjectVersionRef(v.subject(), v.version());
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record CompatibilityCheck(@JsonProperty("is_compatible") boolean isCompatible, List<String> messages) {
    }

    record CompatibilityLevelAnswer(String compatibilityLevel) {
    }

    record CompatibilityUpdate(String compatibility) {
    }

    record ErrorBody(@JsonProperty("error_code") int errorCode, String message) {
    }
}
