package dev.gemmastreams.engine.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;

/** Splits a range of independent work items (matrix rows, attention heads) over the machine's cores. */
final class Parallel {
    static final int THREADS = Runtime.getRuntime().availableProcessors();
    /** Own pool (daemon threads) so model work neither starves nor is starved by the common pool. */
    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS);

    interface RangeBody {
        void run(int start, int count);
    }

    private Parallel() {}

    /**
     * Runs {@code body} over [0, n) in up to THREADS pieces whose starts are multiples of {@code align};
     * inline when {@code work} (a rough operation count) is too small to pay for the hand-off.
     */
    static void forRange(int n, int align, long work, RangeBody body) {
        if (THREADS == 1 || work < (1L << 17) || n < 2 * align) {
            body.run(0, n);
            return;
        }
        int pieces = Math.min(THREADS, n / align);
        int per = ((n + pieces - 1) / pieces + align - 1) / align * align;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int start = 0; start < n; start += per) {
            int s = start;
            int c = Math.min(per, n - start);
            tasks.add(() -> {
                body.run(s, c);
                return null;
            });
        }
        List<Future<Void>> futures;
        try {
            futures = POOL.invokeAll(tasks);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during a forward pass", e);
        }
        for (Future<Void> f : futures) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted during a forward pass", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                if (cause instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(cause);
            }
        }
    }
}
