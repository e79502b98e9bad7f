package dev.gemmastreams.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Memory read bandwidth: every core streams its own slice of a buffer far larger than the caches (2 GiB by
 * default) with the Vector API, summing it so nothing is optimized away. Prints {@code RESULT gbps} per pass.
 * Run in a JVM of its own so the buffer does not count in a model's peak memory.
 */
public final class Bandwidth {

    private static final VectorSpecies<Long> L = LongVector.SPECIES_PREFERRED;

    private Bandwidth() {
    }

    public static void main(String[] args) throws Exception {
        long bytes = Long.parseLong(BenchSupport.option(args, "--mib", "2048")) << 20;
        int passes = Integer.parseInt(BenchSupport.option(args, "--passes", "7"));
        int threads = Runtime.getRuntime().availableProcessors();
        long perThread = bytes / 8 / threads / L.length() * L.length();
        List<long[]> slices = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            long[] s = new long[Math.toIntExact(perThread)];
            for (int i = 0; i < s.length; i++) {
                s[i] = i ^ t; // touch every page
            }
            slices.add(s);
        }
        long total = perThread * 8 * threads;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long sink = 0;
        try {
            for (int pass = -2; pass < passes; pass++) { // two unmeasured passes warm up the JIT
                List<Future<Long>> parts = new ArrayList<>();
                long start = System.nanoTime();
                for (long[] s : slices) {
                    parts.add(pool.submit(() -> sum(s)));
                }
                for (Future<Long> f : parts) {
                    sink += f.get();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                if (pass >= 0) {
                    BenchSupport.result("gbps", String.format(Locale.ROOT, "%.3f", total / seconds / 1e9));
                }
            }
        } finally {
            pool.shutdown();
        }
        BenchSupport.result("buffer_gib", String.format(Locale.ROOT, "%.2f", total / (double) (1L << 30)));
        BenchSupport.result("threads", threads);
        BenchSupport.result("sink", sink & 1);
    }

    private static long sum(long[] a) {
        LongVector s0 = LongVector.zero(L);
        LongVector s1 = LongVector.zero(L);
        LongVector s2 = LongVector.zero(L);
        LongVector s3 = LongVector.zero(L);
        int n = L.length();
        int i = 0;
        for (; i + 4 * n <= a.length; i += 4 * n) {
            s0 = s0.add(LongVector.fromArray(L, a, i));
            s1 = s1.add(LongVector.fromArray(L, a, i + n));
            s2 = s2.add(LongVector.fromArray(L, a, i + 2 * n));
            s3 = s3.add(LongVector.fromArray(L, a, i + 3 * n));
        }
        long r = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < a.length; i++) {
            r += a[i];
        }
        return r;
    }
}
