package dev.gemmastreams.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.gemmastreams.engine.forward.GemmaSession;
import dev.gemmastreams.engine.forward.KvPrecision;
import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.generate.StopReason;
import dev.gemmastreams.engine.serve.ModelWorker;

/**
 * One JVM measuring the engine as the service runs it (BF16 KV caches): prefill tokens/s of a ~300-token and,
 * with {@code --long N}, an N-token prompt; then decode through the model worker with 1, 2, 4 and 8 sequences at
 * once (each its own 12-token prompt, all admitted together and prefilled in one step, so they share every
 * decode step), summed over the sequences;
 * and the KV cache bytes of one 8192-token sequence. Prints RESULT lines for EngineBench.
 */
public final class BatchRun {

    private BatchRun() {
    }

    public static void main(String[] args) throws Exception {
        Path folder = Path.of(BenchSupport.option(args, "--model", null));
        int runs = Integer.parseInt(BenchSupport.option(args, "--runs", "3"));
        int promptTokens = Integer.parseInt(BenchSupport.option(args, "--prompt", "300"));
        int longPrompt = Integer.parseInt(BenchSupport.option(args, "--long", "0"));
        int newTokens = Integer.parseInt(BenchSupport.option(args, "--new", "64"));
        try (LoadedModel model = LoadedModel.load(folder)) {
            BenchSupport.result("kv_bytes_per_8192_tokens", model.model().kvCacheBytes(KvPrecision.BF16, 8192));
            for (KvPrecision precision : KvPrecision.values()) {
                BenchSupport.result("kv_bytes_per_8192_tokens_" + precision.name().toLowerCase(java.util.Locale.ROOT),
                        model.model().kvCacheBytes(precision, 8192));
            }
            prefill(model, 32, 1, "warmup");
            prefill(model, promptTokens, runs, "prefill_tps_short");
            if (longPrompt > 0) {
                prefill(model, longPrompt, 1, "prefill_tps_long");
            }
            try (ModelWorker worker = new ModelWorker(model,
                    new ModelWorker.Options(8, 16, KvPrecision.BF16, 4L << 30))) {
                decode(worker, model, 1, 8, "warmup");
                int[] counts = java.util.Arrays.stream(BenchSupport.option(args, "--sequences", "1,2,4,8").split(","))
                        .mapToInt(Integer::parseInt).toArray();
                for (int sequences : counts) {
                    for (int r = 0; r < runs; r++) {
                        decode(worker, model, sequences, newTokens, "decode_tps_" + sequences);
                    }
                }
            }
        }
    }

    /** Prefill of one prompt of about {@code tokens} tokens on a session of its own, BF16 cache. */
    private static void prefill(LoadedModel model, int tokens, int runs, String key) {
        String text = BenchSupport.document(model.tokenizer(), Math.max(1, tokens - 12), 1);
        int[] prompt = ChatFormat.encodeUserTurn(model.tokenizer(), text);
        if (prompt.length > tokens) {
            // The chat turn's own tokens can push a prompt past the context (8192 + 12 > 8192): its tail is cut,
            // as prefill time depends on the count of tokens, not on which they are.
            prompt = java.util.Arrays.copyOf(prompt, tokens);
        }
        for (int r = 0; r < runs; r++) {
            GemmaSession session = model.model().newSession(KvPrecision.BF16, prompt.length, GemmaSession.DIRECT);
            long start = System.nanoTime();
            session.prefill(prompt);
            double seconds = (System.nanoTime() - start) / 1e9;
            if (!key.equals("warmup")) {
                BenchSupport.result(key, EngineRun.fmt(prompt.length / seconds));
                BenchSupport.result(key + "_tokens", prompt.length);
            }
            BenchSupport.log("prefill %d tokens: %.2f s (%.2f tok/s)", prompt.length, seconds, prompt.length / seconds);
        }
    }

    /**
     * {@code sequences} generations at once: decode tokens/s summed over them = the forward passes after their
     * prompts / the longest decode time.
     */
    private static void decode(ModelWorker worker, LoadedModel model, int sequences, int newTokens, String key)
            throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(sequences);
        CountDownLatch admitted = new CountDownLatch(sequences);
        List<Future<GenerationResult>> results = new ArrayList<>();
        for (int s = 0; s < sequences; s++) {
            // 12 tokens each, so that all eight prompts are prefilled in one step and decoding starts together
            // (a longer prompt's prefill steps would count in the others' decode time).
            int[] prompt = java.util.Arrays.copyOf(ChatFormat.encodeUserTurn(model.tokenizer(),
                    BenchSupport.document(model.tokenizer(), 20, s + 2)), 12);
            results.add(callers.submit(() -> worker.call(prompt.length + newTokens, (generator, cancelled) -> {
                admitted.countDown();
                try {
                    admitted.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return generator.generate(GenerationRequest.greedy(prompt, newTokens), cancelled);
            }, Duration.ofMinutes(30)).value()));
        }
        long passes = 0;
        long longest = 0;
        for (Future<GenerationResult> f : results) {
            GenerationResult r = f.get();
            passes += r.stopReason() == StopReason.MAX_TOKENS ? r.completionTokens() - 1 : r.completionTokens();
            longest = Math.max(longest, r.decodeNanos());
        }
        callers.shutdown();
        double summed = passes / (longest / 1e9);
        if (!key.equals("warmup")) {
            BenchSupport.result(key, EngineRun.fmt(summed));
        }
        BenchSupport.log("decode, %d sequences: %d passes in %.2f s: %.2f tok/s summed", sequences, passes,
                longest / 1e9, summed);
    }
}
