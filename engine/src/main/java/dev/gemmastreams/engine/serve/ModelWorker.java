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

import dev.gemmastreams.engine.forward.GemmaModel;
import dev.gemmastreams.engine.forward.GemmaSession;
import dev.gemmastreams.engine.forward.KvPrecision;
import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;

/**
 * Shares one model between any number of threads. Up to {@code maxBatch} requests run at once, each on a thread of
 * its own with a generator and KV cache of its own, and a {@link BatchScheduler} runs all their forward passes in
 * shared steps; further requests wait in a bounded queue, and a full queue is refused at once
 * ({@link EngineBusyException}). Before it starts, a request reserves its KV cache from the budget (waiting while
 * it does not fit, refused when it never could). Every request has a timeout after which it is cancelled.
 */
public final class ModelWorker implements AutoCloseable {

    /** How a worker serves its model. */
    public record Options(int maxBatch, int queueCapacity, KvPrecision kvPrecision, long kvCacheBudgetBytes) {
        public Options {
            if (maxBatch < 1 || maxBatch > GemmaModel.MAX_STEP_ROWS) {
                throw new IllegalArgumentException("maxBatch must be in [1, " + GemmaModel.MAX_STEP_ROWS + "], was "
                        + maxBatch);
            }
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("queueCapacity must be at least 1, was " + queueCapacity);
            }
            if (kvCacheBudgetBytes < 1) {
                throw new IllegalArgumentException("kvCacheBudgetBytes must be positive, was " + kvCacheBudgetBytes);
            }
        }

        /** {@code maxBatch} requests at once, BF16 caches, a budget of half the heap. */
        public static Options of(int maxBatch, int queueCapacity) {
            return new Options(maxBatch, queueCapacity, KvPrecision.BF16, Runtime.getRuntime().maxMemory() / 2);
        }
    }

    private final LoadedModel model;
    private final Options options;
    private final BatchScheduler scheduler;
    private final KvCacheBudget budget;
    private final ThreadPoolExecutor executor;
    private final AtomicInteger running = new AtomicInteger();

    public ModelWorker(LoadedModel model, Options options) {
        this.model = model;
        this.options = options;
        this.scheduler = new BatchScheduler(model.model());
        this.budget = new KvCacheBudget(options.kvCacheBudgetBytes());
        this.executor = new ThreadPoolExecutor(options.maxBatch(), options.maxBatch(), 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(options.queueCapacity()),
                Thread.ofPlatform().name("model-request-", 0).daemon().factory(),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /** Runs the task on the model with room for the model's whole context, waiting at most {@code timeout}. */
    public <T> Queued<T> call(ModelTask<T> task, Duration timeout) {
        return call(model.model().config().maxPositionEmbeddings(), task, timeout);
    }

    /**
     * Runs the task on the model, waiting at most {@code timeout} (queue time included). {@code positions} is the
     * longest sequence the task will hold (prompt plus new tokens): its KV cache is reserved for that much.
     */
    public <T> Queued<T> call(int positions, ModelTask<T> task, Duration timeout) {
        int context = model.model().config().maxPositionEmbeddings();
        int reserved = Math.max(1, Math.min(positions, context));
        long bytes = model.model().kvCacheBytes(options.kvPrecision(), reserved);
        budget.checkFits(bytes, reserved);
        AtomicBoolean cancelled = new AtomicBoolean();
        long submitted = System.nanoTime();
        Future<Queued<T>> future;
        try {
            future = executor.submit(() -> {
                if (cancelled.get()) {
                    throw new CancellationException("Cancelled while queued");
                }
                budget.reserve(bytes, cancelled::get);
                long queueNanos = System.nanoTime() - submitted;
                running.incrementAndGet();
                scheduler.attach();
                try {
                    GemmaSession session = model.model().newSession(options.kvPrecision(), reserved,
                            scheduler.runner(cancelled::get));
                    Generator generator = new Generator(model.model(), model.tokenizer(), session);
                    return new Queued<>(task.run(generator, cancelled::get), queueNanos);
                } finally {
                    scheduler.detach();
                    running.decrementAndGet();
                    budget.release(bytes);
                }
            });
        } catch (RejectedExecutionException e) {
            if (executor.isShutdown()) {
                throw new IllegalStateException("The model worker is closed", e);
            }
            throw new EngineBusyException(options.queueCapacity());
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

    /** Requests running now (at most {@code maxBatch}), each holding a sequence. */
    public int running() {
        return running.get();
    }

    /** Requests waiting for the model now. */
    public int queued() {
        return executor.getQueue().size();
    }

    public int capacity() {
        return options.queueCapacity();
    }

    public int maxBatch() {
        return options.maxBatch();
    }

    /** Sequences in the latest batched forward step. */
    public int batchSize() {
        return scheduler.lastBatchSequences();
    }

    /** Rows (tokens) in the latest batched forward step. */
    public int batchRows() {
        return scheduler.lastBatchRows();
    }

    /** KV cache bytes reserved by running requests now. */
    public long kvCacheReservedBytes() {
        return budget.used();
    }

    public long kvCacheBudgetBytes() {
        return budget.total();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler.close();
    }
}
