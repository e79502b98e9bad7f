package dev.gemmastreams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The machine's float32 FMA peak as the Vector API reaches it: every core runs independent chains of
 * {@code FloatVector.fma} on registers (no memory traffic), enough chains to hide the FMA latency. The ceiling a
 * compute-bound kernel (prefill, batched decode) is measured against. Prints RESULT gflops per pass.
 */
public final class FmaPeak {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final long ITERATIONS = 200_000_000L;

    private FmaPeak() {
    }

    public static void main(String[] args) throws Exception {
        int threads = Runtime.getRuntime().availableProcessors();
        int passes = Integer.parseInt(BenchSupport.option(args, "--passes", "5"));
        BenchSupport.result("threads", threads);
        BenchSupport.result("lanes", F.length());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        // Warm-up: many short calls, so C2 compiles the method itself; one long call only got an on-stack
        // replacement, and the first timed pass ran at a few percent of the peak.
        for (int i = 0; i < 20_000; i++) {
            chains(2_000);
        }
        for (int p = 0; p < passes; p++) {
            List<Callable<Float>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(() -> chains(ITERATIONS));
            }
            long start = System.nanoTime();
            float sink = 0;
            for (Future<Float> f : pool.invokeAll(work)) {
                sink += f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double flops = 2.0 * 8 * F.length() * ITERATIONS * threads;
            BenchSupport.result("gflops", String.format(Locale.ROOT, "%.1f", flops / seconds / 1e9));
            BenchSupport.log("FMA peak pass %d: %.1f GFLOP/s (%d threads, sink %s)", p + 1, flops / seconds / 1e9,
                    threads, sink);
        }
        pool.shutdown();
    }

    /** Eight independent FMA chains; the result is returned so the JIT cannot drop the loop. */
    private static float chains(long iterations) {
        FloatVector a = FloatVector.broadcast(F, 0.999999f);
        FloatVector b = FloatVector.broadcast(F, 1e-7f);
        FloatVector c0 = FloatVector.broadcast(F, 1f), c1 = c0.add(1), c2 = c0.add(2), c3 = c0.add(3);
        FloatVector c4 = c0.add(4), c5 = c0.add(5), c6 = c0.add(6), c7 = c0.add(7);
        for (long i = 0; i < iterations; i++) {
            c0 = c0.fma(a, b);
            c1 = c1.fma(a, b);
            c2 = c2.fma(a, b);
            c3 = c3.fma(a, b);
            c4 = c4.fma(a, b);
            c5 = c5.fma(a, b);
            c6 = c6.fma(a, b);
            c7 = c7.fma(a, b);
        }
        return c0.add(c1).add(c2).add(c3).add(c4).add(c5).add(c6).add(c7).reduceLanes(
                jdk.incubator.vector.VectorOperators.ADD);
    }
}
