package dev.gemmastreams.bench;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.model.functions.Generator;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;

/**
 * The baseline: the same workload through plain Jlama 0.8.4 — its own loading and {@code generate()} (greedy,
 * temperature 0) on the same model files and the same prompt text, optionally with Jlama's own load-time
 * quantization ({@code --quantize Q4}). Jlama tokenizes the text itself; its token
 * count is reported. Its KV page files go to a working folder deleted at the end.
 */
public final class JlamaRun {

    private JlamaRun() {
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(BenchSupport.option(args, "--model", null));
        int runs = Integer.parseInt(BenchSupport.option(args, "--runs", "3"));
        int promptTokens = Integer.parseInt(BenchSupport.option(args, "--prompt", "300"));
        int newTokens = Integer.parseInt(BenchSupport.option(args, "--new", "64"));
        String workingMemory = BenchSupport.option(args, "--working", "F32");
        String workingQuant = BenchSupport.option(args, "--working-quant", "I8");
        // --quantize Q4: Jlama quantizes the layer weights itself while loading (the embedding stays BF16)
        String quantize = BenchSupport.option(args, "--quantize", null);
        int threads = Runtime.getRuntime().availableProcessors();
        Path work = Files.createTempDirectory(BenchSupport.cacheRoot().getParent(), "jlama-work");
        try {
            // The same text as EngineRun, chosen with our tokenizer, in Gemma's chat format.
            String text = BenchSupport.document(GemmaTokenizer.load(folder.resolve("tokenizer.json")), promptTokens - 12, 0);
            String prompt = ChatFormat.userTurn(text);

            AbstractModel model = null;
            for (int i = 0; i < runs; i++) {
                if (model != null) {
                    model.close();
                }
                long start = System.nanoTime();
                model = ModelSupport.loadModel(folder.toFile(), work.toFile(), DType.valueOf(workingMemory),
                        DType.valueOf(workingQuant), Optional.ofNullable(quantize).map(DType::valueOf),
                        // Jlama's executor takes the thread count once per JVM
                        i == 0 ? Optional.of(threads) : Optional.empty());
                BenchSupport.result("load_s", EngineRun.fmt((System.nanoTime() - start) / 1e9));
            }
            long[] encoded = model.getTokenizer().encode(prompt);
            int bos = model.getConfig().bosToken;
            int withBos = (encoded.length > 0 && encoded[0] == bos ? encoded.length : encoded.length + 1);
            BenchSupport.result("prompt_tokens", withBos);

            BenchSupport.log("jlama: warm-up generation (short prompt, 4 new)");
            String shortPrompt = ChatFormat.userTurn("Apache Kafka stores streams of records in topics.");
            int shortLen = model.getTokenizer().encode(shortPrompt).length + 1;
            model.generate(UUID.randomUUID(), PromptContext.of(shortPrompt), 0.0f, shortLen + 4, (s, f) -> { });

            for (int i = 0; i < runs; i++) {
                // Jlama's limit counts positions: the prompt (with BOS) plus the new tokens' forward passes.
                Generator.Response r = model.generate(UUID.randomUUID(), PromptContext.of(prompt), 0.0f,
                        withBos + newTokens, (s, f) -> { });
                double prefill = r.promptTokens / (r.promptTimeMs / 1e3);
                double decode = r.generatedTokens / (r.generateTimeMs / 1e3);
                BenchSupport.result("prefill_tps", EngineRun.fmt(prefill));
                BenchSupport.result("decode_tps", EngineRun.fmt(decode));
                BenchSupport.result("generated", r.generatedTokens);
                BenchSupport.result("stop", r.finishReason);
                BenchSupport.log("jlama run %d: prompt %d tokens in %.2f s (%.2f tok/s), %d passes (%s) in %.2f s "
                                + "(%.3f tok/s)", i + 1, r.promptTokens, r.promptTimeMs / 1e3, prefill,
                        r.generatedTokens, r.finishReason, r.generateTimeMs / 1e3, decode);
            }
            BenchSupport.memory().forEach((k, v) -> BenchSupport.result("mem_" + k, EngineRun.fmt(v)));
            model.close();
        } finally {
            deleteTree(work);
        }
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
