package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;

import java.util.Arrays;

/**
 * A request the registry refuses, with the HTTP status and Confluent error code its clients know how to read
 * (our {@code SchemaRegistryClient} included).
 */
public class RegistryError extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;

    RegistryError(int httpStatus, int errorCode, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    static RegistryError subjectNotFound(String subject) {
        return new RegistryError(404, RegistryProtocol.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryError versionNotFound(String subject, String version) {
        return new RegistryError(404, RegistryProtocol.VERSION_NOT_FOUND,
                "Version " + version + " not found in subject '" + subject + "'.");
    }

    static RegistryError schemaNotFound(String what) {
        return new RegistryError(404, RegistryProtocol.SCHEMA_NOT_FOUND, "Schema not found: " + what);
    }

    static RegistryError subjectSoftDeleted(String subject) {
        return new RegistryError(404, RegistryProtocol.SUBJECT_SOFT_DELETED, "Subject '" + subject
                + "' was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryError subjectNotSoftDeleted(String subject) {
        return new RegistryError(404, RegistryProtocol.SUBJECT_NOT_SOFT_DELETED, "Subject '" + subject
                + "' was not deleted first before being permanently deleted");
    }

    static RegistryError versionSoftDeleted(String subject, int version) {
        return new RegistryError(404, RegistryProtocol.VERSION_SOFT_DELETED, "Subject '" + subject + "' Version "
                + version + " was soft deleted. Set permanent=true to delete permanently");
    }

    static RegistryError versionNotSoftDeleted(String subject, int version) {
        return new RegistryError(404, RegistryProtocol.VERSION_NOT_SOFT_DELETED, "Subject '" + subject + "' Version "
                + version + " was not deleted first before being permanently deleted");
    }

    static RegistryError unknownPath(String path) {
        return new RegistryError(404, RegistryProtocol.NOT_FOUND, "HTTP 404 Not Found: " + path);
    }

    static RegistryError subjectLevelNotConfigured(String subject) {
        return new RegistryError(404, RegistryProtocol.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED, "Subject '" + subject
                + "' does not have subject-level compatibility configured (ask with ?defaultToGlobal=true).");
    }

    static RegistryError incompatible(String subject, CompatibilityLevel level, String details) {
        return new RegistryError(409, RegistryProtocol.INCOMPATIBLE_SCHEMA, "Schema being registered is incompatible"
                + " with an earlier schema for subject '" + subject + "' (" + level + "): " + details);
    }

    static RegistryError invalidSchema(String details) {
        return new RegistryError(422, RegistryProtocol.INVALID_SCHEMA, "Invalid schema: " + details);
    }

    static RegistryError invalidVersion(String version) {
        return new RegistryError(422, RegistryProtocol.INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    static RegistryError invalidCompatibilityLevel(String level) {
        return new RegistryError(422, RegistryProtocol.INVALID_COMPATIBILITY_LEVEL, "Invalid compatibility level '"
                + level + "'. Valid values are " + Arrays.toString(CompatibilityLevel.values()));
    }

    static RegistryError unauthorized(String message) {
        return new RegistryError(401, RegistryProtocol.UNAUTHORIZED, message);
    }

    static RegistryError forbidden(String message) {
        return new RegistryError(403, RegistryProtocol.FORBIDDEN, message);
    }

    static RegistryError malformedJson(String details) {
        return new RegistryError(400, RegistryProtocol.BAD_REQUEST, "Malformed JSON request body: " + details);
    }

    static RegistryError unprocessable(String details) {
        return new RegistryError(422, RegistryProtocol.UNPROCESSABLE_ENTITY, details);
    }
}
