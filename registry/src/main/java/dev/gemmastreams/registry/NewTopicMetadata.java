package dev.gemmastreams.registry;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * A topic created a moment ago may not have reached every broker's metadata yet, so describing it can briefly
 * fail with "unknown topic": ask again until it is known or the time is up. Used by the registry for its schema
 * topic and by the service for its own topics.
 */
public final class NewTopicMetadata {

    /** An admin call that may throw what Kafka's futures throw. */
    @FunctionalInterface
    public interface AdminCall<T> {
        T call() throws ExecutionException, InterruptedException, TimeoutException;
    }

    private NewTopicMetadata() {
    }

    public static <T> T awaitKnown(Duration timeout, AdminCall<T> call)
            throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                return call.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
    }
}
