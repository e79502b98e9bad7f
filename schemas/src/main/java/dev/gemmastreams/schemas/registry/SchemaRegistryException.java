package dev.gemmastreams.schemas.registry;

/**
 * The registry refused a request or could not be reached. Carries the HTTP status and Confluent's {@code error_code}
 * so callers can tell "schema not found" (40403) from "incompatible" (409) from "unreachable" ({@link #NO_ANSWER}).
 */
public class SchemaRegistryException extends RuntimeException {

    /** Status and error code when no HTTP answer came back (connection refused, timeout). */
    public static final int NO_ANSWER = 0;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(int httpStatus, int errorCode, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public SchemaRegistryException(int httpStatus, int errorCode, String message) {
        this(httpStatus, errorCode, message, null);
    }

    /** The HTTP status of the answer, or {@link #NO_ANSWER}. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent's error_code from the answer's body (the HTTP status if the body had none), or {@link #NO_ANSWER}. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry was not reached or failed on its side: worth retrying later, not a data problem. */
    public boolean isUnavailable() {
        return httpStatus == NO_ANSWER || httpStatus >= 500;
    }
}
