package dev.gemmastreams.service.kafka;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import org.springframework.beans.factory.DisposableBean;

/** An in-process broker that is starting on a background thread; closing it stops the broker whenever it is up. */
public final class PendingBroker implements DisposableBean {

    private final CompletableFuture<InProcessKafkaBroker> starting;

    private PendingBroker(CompletableFuture<InProcessKafkaBroker> starting) {
        this.starting = starting;
    }

    static PendingBroker start(InProcessKafkaBroker broker) {
        return new PendingBroker(CompletableFuture.supplyAsync(broker::start,
                task -> Thread.ofPlatform().name("kafka-broker-start").daemon().start(task)));
    }

    /** Waits for the broker; rethrows its start-up failure. */
    InProcessKafkaBroker await() {
        try {
            return starting.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while the in-process broker was starting", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("The in-process broker did not start", e.getCause());
        }
    }

    @Override
    public void destroy() {
        starting.thenAccept(InProcessKafkaBroker::close);
    }
}
