package dev.gemmastreams.schemas.registry;

/**
 * Constants of the Confluent Schema Registry REST API, shared by our client and by the registry the service serves,
 * so both sides speak the same codes.
 */
public final class RegistryProtocol {

    /** The content type Confluent clients send and expect. */
    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    /** Missing or wrong credentials (HTTP 401). */
    public static final int UNAUTHORIZED = 40101;
    /** The caller may not do this here (HTTP 403). */
    public static final int FORBIDDEN = 40301;
    public static final int SUBJECT_NOT_FOUND = 40401;
    public static final int VERSION_NOT_FOUND = 40402;
    public static final int SCHEMA_NOT_FOUND = 40403;
    public static final int SUBJECT_SOFT_DELETED = 40404;
    public static final int SUBJECT_NOT_SOFT_DELETED = 40405;
    public static final int VERSION_SOFT_DELETED = 40406;
    public static final int VERSION_NOT_SOFT_DELETED = 40407;
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** Confluent uses the bare HTTP status as error code for a path it does not serve. */
    public static final int NOT_FOUND = 404;
    /** Confluent uses the bare HTTP status as error code for an incompatible schema. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    public static final int INVALID_SCHEMA = 42201;
    public static final int INVALID_VERSION = 42202;
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    public static final int UNPROCESSABLE_ENTITY = 422;
    public static final int BAD_REQUEST = 400;

    private RegistryProtocol() {
    }
}
