package dev.gemmastreams.schemas.registry;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Rides out a registry that is briefly unreachable or failing on its side (a restart, a rolling update, a
 * leader change): such calls are tried again with growing pauses for up to {@code retryFor}; after that the last
 * failure is thrown as it came. Answers that are the registry's verdict (unknown id, incompatible schema, ...)
 * are never retried.
 */
public final class RetryingSchemaRegistry implements SchemaRegistry, AutoCloseable {

    /** How long a serde keeps trying unless configured otherwise. */
    public static final Duration DEFAULT_RETRY_FOR = Duration.ofSeconds(60);

    private static final Logger log = LoggerFactory.getLogger(RetryingSchemaRegistry.class);
    private static final Duration FIRST_PAUSE = Duration.ofMillis(100);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final SchemaRegistry registry;
    private final Duration retryFor;

    /** @param retryFor how long to keep trying an unavailable registry; zero: never try again */
    public RetryingSchemaRegistry(SchemaRegistry registry, Duration retryFor) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (retryFor == null || retryFor.isNegative()) {
            throw new IllegalArgumentException("retryFor must be zero or positive, was " + retryFor);
        }
        this.retryFor = retryFor;
    }

    /** The registry this one calls. */
    public SchemaRegistry delegate() {
        return registry;
    }

    @Override
    public int register(String subject, Schema schema) {
        return retried(() -> registry.register(subject, schema));
    }

    @Override
    public Schema schemaById(int id) {
        return retried(() -> registry.schemaById(id));
    }

    private <T> T retried(Supplier<T> call) {
        long deadline = System.nanoTime() + retryFor.toNanos();
        Duration pause = FIRST_PAUSE;
        int attempt = 1;
        while (true) {
            try {
                return call.get();
            } catch (SchemaRegistryException e) {
                long left = deadline - System.nanoTime();
                if (!e.isUnavailable() || left <= 0) {
                    throw e;
                }
                log.warn("Schema registry unavailable (attempt {}), trying again in {} ms for up to {} in all: {}",
                        attempt, pause.toMillis(), retryFor, e.getMessage());
                sleep(Duration.ofNanos(Math.min(pause.toNanos(), left)), e);
                pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
                attempt++;
            }
        }
    }

    private static void sleep(Duration pause, SchemaRegistryException failure) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            // Shutting down: give up now with what the registry last said.
            Thread.currentThread().interrupt();
            throw failure;
        }
    }

    @Override
    public void close() throws Exception {
        if (registry instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
