package dev.gemmastreams.topology.errors;

/**
 * Thrown by a processor for an input that can never succeed. Kafka Streams hands it to
 * {@link DeadLetterProcessingHandler}, which writes a dead letter and lets the stream go on.
 */
public class InvalidInputException extends RuntimeException {
    private final String stage;
    private final String reason;

    public InvalidInputException(String stage, String reason, String message) {
        super(message);
        this.stage = stage;
        this.reason = reason;
    }

    public String stage() {
        return stage;
    }

    /** Stable machine-readable reason, e.g. EMPTY_TEXT. */
    public String reason() {
        return reason;
    }
}
