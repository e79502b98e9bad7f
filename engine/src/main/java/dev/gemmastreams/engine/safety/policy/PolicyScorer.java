package dev.gemmastreams.engine.safety.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.PrefixScorer;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.engine.tokenizer.Prompt;

/**
 * ShieldGemma-style scores: P(Yes) = softmax over the soft-capped logits of "Yes" and "No" at the last position of
 * the policy prompt. The content is prefilled once and shared by all policies. Runs on the model's thread.
 */
public final class PolicyScorer {

    private PolicyScorer() {
    }

    /** Scores a user prompt or document against each policy. */
    public static Map<String, Double> scorePrompt(Generator generator, String content, List<SafetyPolicy> policies) {
        return scoresForPrompt(generator, content, policies).byPolicy();
    }

    /** Scores a model's response to a prompt against each policy. */
    public static Map<String, Double> scoreResponse(Generator generator, String prompt, String response,
                                                    List<SafetyPolicy> policies) {
        return scoresForResponse(generator, prompt, response, policies).byPolicy();
    }

    /** {@link #scorePrompt}, with the number of tokens the model read. */
    public static PolicyScores scoresForPrompt(Generator generator, String content, List<SafetyPolicy> policies) {
        return score(generator, ShieldPrompts.promptPrefix(content),
                policies.stream().map(ShieldPrompts::promptSuffix).toList(), policies);
    }

    /** {@link #scoreResponse}, with the number of tokens the model read. */
    public static PolicyScores scoresForResponse(Generator generator, String prompt, String response,
                                                 List<SafetyPolicy> policies) {
        return score(generator, ShieldPrompts.responsePrefix(prompt, response),
                policies.stream().map(ShieldPrompts::responseSuffix).toList(), policies);
    }

    private static PolicyScores score(Generator generator, Prompt prefix, List<String> suffixes,
                                      List<SafetyPolicy> policies) {
        GemmaTokenizer tokenizer = generator.tokenizer();
        // The content is plain text; the suffixes are the configured policies, template text.
        int[] prefixIds = tokenizer.encodePrompt(prefix);
        List<int[]> continuations = new ArrayList<>();
        suffixes.forEach(s -> continuations.add(tokenizer.encode(s)));
        List<float[]> logits = PrefixScorer.lastLogits(generator, prefixIds, continuations);
        int yes = tokenizer.idOf("Yes");
        int no = tokenizer.idOf("No");
        Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < policies.size(); i++) {
            scores.put(policies.get(i).name(), probabilityOfYes(logits.get(i)[yes], logits.get(i)[no]));
        }
        // The prefix is prefilled once and shared; each continuation is prefilled after it.
        int promptTokens = prefixIds.length + continuations.stream().mapToInt(ids -> ids.length).sum();
        return new PolicyScores(scores, promptTokens);
    }

    /** Softmax of two logits, computed stably. */
    static double probabilityOfYes(double yes, double no) {
        return 1 / (1 + Math.exp(no - yes));
    }

    /** Tokens the prompt around the content takes, for windowing long texts. */
    public static int overheadTokens(GemmaTokenizer tokenizer) {
        int longestSuffix = SafetyPolicy.defaults().stream()
                .mapToInt(p -> tokenizer.encode(ShieldPrompts.responseSuffix(p)).length).max().orElse(0);
        return tokenizer.encodePrompt(ShieldPrompts.responsePrefix("", "")).length + longestSuffix + 64;
    }
}
