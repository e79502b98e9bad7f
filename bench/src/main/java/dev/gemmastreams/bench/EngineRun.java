package dev.gemmastreams.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.generate.StopReason;

/**
 * One JVM measuring our engine: {@code runs} loads, one short warm-up generation, then {@code runs} generations of
 * {@code --new} greedy tokens after a ~{@code --prompt}-token chat prompt. Prints RESULT lines for EngineBench.
 */
public final class EngineRun {

    private EngineRun() {
    }

    public static void main(String[] args) {
        Path folder = Path.of(BenchSupport.option(args, "--model", null));
        int runs = Integer.parseInt(BenchSupport.option(args, "--runs", "3"));
        int promptTokens = Integer.parseInt(BenchSupport.option(args, "--prompt", "300"));
        int newTokens = Integer.parseInt(BenchSupport.option(args, "--new", "64"));

        LoadedModel model = null;
        for (int i = 0; i < runs; i++) {
            if (model != null) {
                model.close();
            }
            long start = System.nanoTime();
            model = LoadedModel.load(folder);
            BenchSupport.result("load_s", fmt((System.nanoTime() - start) / 1e9));
        }
        Generator generator = model.newGenerator();
        String text = BenchSupport.document(model.tokenizer(), promptTokens - 12, 0);
        int[] prompt = ChatFormat.encodeUserTurn(model.tokenizer(), text);
        BenchSupport.result("prompt_tokens", prompt.length);
        BenchSupport.result("prompt_text_chars", text.length());

        BenchSupport.log("ours: warm-up generation (32 prompt tokens, 4 new)");
        generator.generate(GenerationRequest.greedy(Arrays.copyOf(prompt, 32), 4));

        for (int i = 0; i < runs; i++) {
            GenerationResult r = generator.generate(GenerationRequest.greedy(prompt, newTokens));
            // The first token comes from the prompt's logits; each later one costs one forward pass.
            int passes = r.stopReason() == StopReason.MAX_TOKENS ? r.completionTokens() - 1 : r.completionTokens();
            double prefill = r.promptTokens() / (r.prefillNanos() / 1e9);
            double decode = passes / (r.decodeNanos() / 1e9);
            BenchSupport.result("prefill_tps", fmt(prefill));
            BenchSupport.result("decode_tps", fmt(decode));
            BenchSupport.result("generated", r.completionTokens());
            BenchSupport.result("stop", r.stopReason());
            BenchSupport.log("ours run %d: prompt %d tokens in %.2f s (%.2f tok/s), %d tokens (%s) in %.2f s "
                            + "(%.3f tok/s over %d passes)", i + 1, r.promptTokens(), r.prefillNanos() / 1e9, prefill,
                    r.completionTokens(), r.stopReason(), r.decodeNanos() / 1e9, decode, passes);
        }
        BenchSupport.memory().forEach((k, v) -> BenchSupport.result("mem_" + k, fmt(v)));
        model.close();
    }

    static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
