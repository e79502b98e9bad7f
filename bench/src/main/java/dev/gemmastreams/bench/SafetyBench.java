package dev.gemmastreams.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.safety.policy.ShieldPrompts;

/**
 * {@code ./gemma-streams bench safety [--runs N] [--model DIR] [--tokens N]}: the cost of scoring a ~300-token
 * document against the 4 default policies versus 1 (target at most 1.5x: the content is prefilled once and only
 * the policy suffixes are added per policy), on the gemma-2-2b-shaped model. The two alternate run by run.
 */
public final class SafetyBench {

    private SafetyBench() {
    }

    public static void main(String[] args) {
        int runs = Integer.parseInt(BenchSupport.option(args, "--runs", "3"));
        int tokens = Integer.parseInt(BenchSupport.option(args, "--tokens", "300"));
        String modelOption = BenchSupport.option(args, "--model", null);
        Path folder = modelOption != null ? Path.of(modelOption).toAbsolutePath() : BenchSupport.randomModel("gemma-2-2b");
        List<SafetyPolicy> four = SafetyPolicy.defaults();
        List<SafetyPolicy> one = List.of(SafetyPolicy.DANGEROUS_CONTENT);
        try (LoadedModel model = LoadedModel.load(folder)) {
            Generator generator = model.newGenerator();
            String document = BenchSupport.document(model.tokenizer(), tokens, 0);
            int documentTokens = model.tokenizer().encode(document).length;
            int prefixTokens = model.tokenizer().encodePrompt(ShieldPrompts.promptPrefix(document)).length;
            List<Integer> suffixTokens = four.stream()
                    .map(p -> model.tokenizer().encode(ShieldPrompts.promptSuffix(p)).length).toList();

            BenchSupport.log("safety: warm-up on a short text");
            PolicyScorer.scorePrompt(generator, "A short text to warm up.", four);

            List<Double> t1 = new ArrayList<>();
            List<Double> t4 = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                boolean fourFirst = i % 2 == 1;
                for (int k = 0; k < 2; k++) {
                    boolean isFour = (k == 0) == fourFirst;
                    long start = System.nanoTime();
                    PolicyScorer.scorePrompt(generator, document, isFour ? four : one);
                    double s = (System.nanoTime() - start) / 1e9;
                    (isFour ? t4 : t1).add(s);
                    BenchSupport.log("safety run %d: %d policies in %.2f s", i + 1, isFour ? 4 : 1, s);
                }
            }
            List<Double> ratios = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                ratios.add(t4.get(i) / t1.get(i));
            }
            BenchSupport.Summary s1 = BenchSupport.Summary.of(t1);
            BenchSupport.Summary s4 = BenchSupport.Summary.of(t4);
            StringBuilder out = new StringBuilder();
            out.append(String.format(Locale.ROOT, "%n## Safety scoring benchmark: 4 policies vs 1, %s%n%n", folder.getFileName()));
            out.append("Machine: ").append(BenchSupport.machine()).append("\n\nEngine: ").append(BenchSupport.engineBuild())
                .append("\n\n");
            out.append(String.format(Locale.ROOT, "Document: %d tokens; ShieldGemma prompt prefix (shared, prefilled "
                    + "once): %d tokens; policy suffixes: %s tokens. Medians of %d runs (min–max).%n%n",
                    documentTokens, prefixTokens, suffixTokens, runs));
            out.append("| policies | time (s) | ratio to 1 policy |\n|---|---|---|\n");
            out.append(String.format(Locale.ROOT, "| 1 (%s) | %s | 1.00 |%n", one.get(0).name(), s1.format("%.2f")));
            out.append(String.format(Locale.ROOT, "| 4 (defaults) | %s | %s (per-run ratios; ratio of medians %.2f) |%n",
                    s4.format("%.2f"), BenchSupport.Summary.of(ratios).format("%.2f"), s4.median() / s1.median()));
            out.append(String.format(Locale.ROOT, "%nTarget <= 1.5x: %s. Scoring the 4 full prompts separately would cost "
                    + "about 4 x %.2f s = %.2f s.%n", s4.median() / s1.median() <= 1.5 ? "met" : "NOT met",
                    s1.median(), 4 * s1.median()));
            System.out.println(out);
        }
    }
}
