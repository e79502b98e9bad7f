package dev.gemmastreams.engine.serve;

import java.time.Duration;

/** A request did not finish in time; it was cancelled (if queued, it never runs; if running, it stops). */
public class EngineTimeoutException extends RuntimeException {
    public EngineTimeoutException(Duration timeout) {
        super("The model did not answer within " + timeout + "; the request was cancelled");
    }
}
