package dev.gemmastreams.engine.serve;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.gemmastreams.engine.generate.Generator;

/**
 * Shares one model between any number of threads: a single thread runs all model work (one model instance is
 * not thread-safe and its buffers are shared), fed by a bounded queue. A full queue is refused at once
 * ({@link EngineBusyException}); every request has a timeout after which it is cancelled.
 */
public final class ModelWorker implements AutoCloseable {

    private final Generator generator;
    private final int capacity;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();

    public ModelWorker(Generator generator, int queueCapacity) {
        if (queueCapacity < 1) {
            throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
        }
        this.generator = generator;
        this.capacity = queueCapacity;
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(queueCapacity),
                task -> Thread.ofPlatform().name("model-worker").daemon().unstarted(task),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs the task on the model, waiting at most {@code timeout} (queue time included). */
    public <T> Queued<T> call(ModelTask<T> task, Duration timeout) {
        AtomicBoolean cancelled = new AtomicBoolean();
        long submitted = System.nanoTime();
        Future<Queued<T>> future;
        try {
            future = executor.submit(() -> {
                long queueNanos = System.nanoTime() - submitted;
                if (cancelled.get()) {
                    throw new CancellationException("Cancelled while queued");
                }
                running.incrementAndGet();
                try {
                    return new Queued<>(task.run(generator, cancelled::get), queueNanos);
                } finally {
                    running.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                throw new IllegalStateException("The model worker is closed", e);
            }
            throw new EngineBusyException(capacity);
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            cancelled.set(true);
            future.cancel(false);
            throw new EngineTimeoutException(timeout);
        } catch (InterruptedException e) {
            cancelled.set(true);
            future.cancel(false);
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for the model");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Model task failed: " + e.getCause(), e.getCause());
        }
    }

    /** Requests the model is working on now (0 or 1). */
    public int running() {
        return running.get();
    }

    /** Requests waiting for the model now. */
    public int queued() {
        return executor.getQueue().size();
    }

    public int capacity() {
        return capacity;
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
