package dev.gemmastreams.topology.engine;

/** A model call failed. Retryable failures (a full queue, a timeout) are tried again before giving up. */
public class EngineException extends RuntimeException {

    private final boolean retryable;

    public EngineException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public EngineException(String message, boolean retryable) {
        this(message, retryable, null);
    }

    public boolean retryable() {
        return retryable;
    }
}
