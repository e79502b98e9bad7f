package dev.gemmastreams.engine.serve;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import dev.gemmastreams.engine.forward.GemmaModel;
import dev.gemmastreams.engine.forward.GemmaSession;
import dev.gemmastreams.engine.forward.StepSlice;

/**
 * Continuous batching: many threads each drive a session of one model (prefill, then decode token by token), and
 * one scheduler thread runs all their forward passes in shared steps, the way llama.cpp's server slots and vLLM's
 * scheduler do. A step takes every waiting decode token first (one row each), then fills the rest of its rows
 * with prompt chunks in arrival order, so a long prompt is prefilled in pieces between decode steps instead of
 * stalling the sequences already generating; each weight matrix is then read once per step for all of them.
 *
 * <p>The policy lives here; {@link GemmaModel#step} only computes. Because the kernels are batch-invariant, a
 * sequence's logits do not depend on which other sequences share its steps or how its prompt was cut.
 */
public final class BatchScheduler implements AutoCloseable {
    /** Prompt rows a step takes while other sequences wait for their next token (their latency per step). */
    static final int PREFILL_ROWS_BESIDE_DECODE = 64;
    /** Longest a step waits for sessions still choosing their next token before it runs without them. */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final GemmaModel model;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    private final Thread thread;
    private int attached;
    private volatile int lastSequences;
    private volatile int lastRows;
    private volatile long steps;
    private boolean closed;

    public BatchScheduler(GemmaModel model) {
        this.model = model;
        this.thread = Thread.ofPlatform().name("model-scheduler").daemon().start(this::loop);
    }

    /** A runner for one session: its calls join the shared steps; {@code cancelled} drops them between steps. */
    public GemmaSession.Runner runner(BooleanSupplier cancelled) {
        return (session, tokens, everyPosition) -> submit(session, tokens, everyPosition, cancelled);
    }

    /**
     * A thread starts driving a session: until {@link #detach}, a step waits briefly for it to submit (it is
     * usually choosing its next token), so that its row joins the step rather than the next one.
     */
    public void attach() {
        lock.lock();
        try {
            attached++;
        } finally {
            lock.unlock();
        }
    }

    public void detach() {
        lock.lock();
        try {
            attached--;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Sequences in the latest step. */
    public int lastBatchSequences() {
        return lastSequences;
    }

    /** Rows (tokens) in the latest step. */
    public int lastBatchRows() {
        return lastRows;
    }

    public long steps() {
        return steps;
    }

    private float[][] submit(GemmaSession session, int[] tokens, boolean everyPosition, BooleanSupplier cancelled) {
        if (tokens.length == 0) {
            throw new IllegalArgumentException("No tokens to run");
        }
        int vocab = model.config().vocabSize();
        for (int t : tokens) {
            if (t < 0 || t >= vocab) {
                throw new IllegalArgumentException("Token id " + t + " outside the vocabulary [0, " + vocab + ")");
            }
        }
        if (session.length() + tokens.length > session.maxPositions()) {
            throw new IllegalStateException("Sequence of " + (session.length() + tokens.length)
                    + " tokens exceeds the " + session.maxPositions() + " positions reserved for it");
        }
        Pending request = new Pending(session, tokens, everyPosition, cancelled);
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("The model scheduler is closed");
            }
            pending.add(request);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            return request.result.get();
        } catch (InterruptedException e) {
            // The scheduler may be using the session right now: it is the caller's to discard, not to reuse.
            request.abandoned = true;
            Thread.currentThread().interrupt();
            throw new CancellationException("Interrupted while waiting for the model");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        while (true) {
            List<Pending> batch;
            List<StepSlice> slices;
            lock.lock();
            try {
                while (pending.isEmpty() && !closed) {
                    changed.awaitUninterruptibly();
                }
                if (closed) {
                    pending.forEach(p -> p.result.completeExceptionally(
                            new IllegalStateException("The model scheduler is closed")));
                    pending.clear();
                    return;
                }
                gather();
                batch = new ArrayList<>();
                slices = plan(batch);
            } finally {
                lock.unlock();
            }
            if (slices.isEmpty()) {
                continue;
            }
            List<float[][]> logits;
            try {
                logits = model.step(slices);
            } catch (RuntimeException | Error e) {
                lock.lock();
                try {
                    for (Pending p : batch) {
                        pending.remove(p);
                        p.result.completeExceptionally(e);
                    }
                } finally {
                    lock.unlock();
                }
                continue;
            }
            steps++;
            lastSequences = slices.size();
            lastRows = slices.stream().mapToInt(StepSlice::count).sum();
            lock.lock();
            try {
                for (int i = 0; i < batch.size(); i++) {
                    Pending p = batch.get(i);
                    if (p.accept(slices.get(i), logits.get(i))) {
                        pending.remove(p);
                        p.result.complete(p.logits);
                    }
                }
            } finally {
                lock.unlock();
            }
        }
    }

    /** Waits (briefly) until every attached session has work queued. Holds the lock. */
    private void gather() {
        long deadline = System.nanoTime() + GATHER_NANOS;
        long left;
        while (pending.size() < attached && !closed && (left = deadline - System.nanoTime()) > 0) {
            try {
                changed.awaitNanos(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** This step's slices: decode rows first, then prompt chunks in arrival order. Holds the lock. */
    private List<StepSlice> plan(List<Pending> batch) {
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.abandoned || p.cancelled.getAsBoolean()) {
                it.remove();
                p.result.completeExceptionally(new CancellationException("Cancelled while waiting for the model"));
            }
        }
        int rows = 0;
        List<StepSlice> slices = new ArrayList<>();
        for (Pending p : pending) {
            if (p.remaining() == 1 && rows < GemmaModel.MAX_STEP_ROWS) {
                slices.add(p.slice(1));
                batch.add(p);
                rows++;
            }
        }
        int budget = rows > 0 ? Math.min(GemmaModel.MAX_STEP_ROWS, rows + PREFILL_ROWS_BESIDE_DECODE)
                : GemmaModel.MAX_STEP_ROWS;
        for (Pending p : pending) {
            if (p.remaining() > 1 && rows < budget) {
                int n = Math.min(p.remaining(), budget - rows);
                slices.add(p.slice(n));
                batch.add(p);
                rows += n;
            }
        }
        return slices;
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One call of a session's runner: its tokens, how many of them have run, and the logits gathered so far. */
    private static final class Pending {
        final GemmaSession session;
        final int[] tokens;
        final boolean everyPosition;
        final BooleanSupplier cancelled;
        final CompletableFuture<float[][]> result = new CompletableFuture<>();
        final float[][] logits;
        volatile boolean abandoned;
        int done;

        Pending(GemmaSession session, int[] tokens, boolean everyPosition, BooleanSupplier cancelled) {
            this.session = session;
            this.tokens = tokens;
            this.everyPosition = everyPosition;
            this.cancelled = cancelled;
            this.logits = new float[everyPosition ? tokens.length : 1][];
        }

        int remaining() {
            return tokens.length - done;
        }

        StepSlice slice(int n) {
            StepSlice.Logits wanted = everyPosition ? StepSlice.Logits.EVERY
                    : done + n == tokens.length ? StepSlice.Logits.LAST : StepSlice.Logits.NONE;
            return new StepSlice(session, tokens, done, n, wanted);
        }

        /** Takes a step's output; true when the call is complete. */
        boolean accept(StepSlice slice, float[][] out) {
            if (everyPosition) {
                System.arraycopy(out, 0, logits, slice.from(), out.length);
            } else if (out.length == 1) {
                logits[0] = out[0];
            }
            done += slice.count();
            return done == tokens.length;
        }
    }
}
