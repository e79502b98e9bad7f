package dev.gemmastreams.schemas.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record that cannot be turned into bytes or back, with a {@link Reason} that dead-letter records carry as text:
 * the message says what was expected, what was found, and on which topic.
 */
public class WireFormatException extends SerializationException {

    public enum Reason {
        /** Fewer bytes than the 5-byte header (magic byte and schema id). */
        TOO_SHORT,
        /** The first byte is not 0: not the Confluent wire format (plain JSON starts with 0x7b, for example). */
        UNKNOWN_MAGIC_BYTE,
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** The writer's schema cannot be read as the reader's schema; Avro's incompatibilities are listed. */
        INCOMPATIBLE_WRITER_SCHEMA,
        /** The Avro body does not decode with the writer's schema, or bytes are left over. */
        MALFORMED_AVRO,
        /** The registry could not be reached or failed; the record itself may be fine. */
        REGISTRY_UNAVAILABLE,
        /** The registry refused to register the schema being written (incompatible or invalid). */
        SCHEMA_REJECTED
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public WireFormatException(Reason reason, String message) {
        this(reason, message, null);
    }

    public Reason reason() {
        return reason;
    }
}
