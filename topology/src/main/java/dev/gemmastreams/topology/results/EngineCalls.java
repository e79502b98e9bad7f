package dev.gemmastreams.topology.results;

import java.time.Duration;
import java.util.function.Supplier;

import dev.gemmastreams.topology.engine.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls the engine, trying retryable failures again a bounded number of times before giving up. */
public final class EngineCalls {

    private static final Logger log = LoggerFactory.getLogger(EngineCalls.class);

    private final int attempts;
    private final Duration backoff;

    public EngineCalls(int attempts, Duration backoff) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        this.attempts = attempts;
        this.backoff = backoff;
    }

    public <T> T call(String what, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (EngineException e) {
                if (!e.retryable() || attempt >= attempts) {
                    throw new EngineException(what + " failed after " + attempt + " attempt(s): " + e.getMessage(),
                            false, e);
                }
                log.warn("{} failed (attempt {} of {}), retrying in {}: {}", what, attempt, attempts, backoff,
                        e.getMessage());
                pause(backoff.multipliedBy(attempt));
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EngineException("Interrupted while waiting to retry", false, e);
        }
    }
}
