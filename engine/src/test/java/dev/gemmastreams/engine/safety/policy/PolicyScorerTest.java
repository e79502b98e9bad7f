package dev.gemmastreams.engine.safety.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.support.TinyModel;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.engine.tokenizer.Prompt;
import org.junit.jupiter.api.Test;

/** Policies scored over one shared content prefix equal scoring each full ShieldGemma prompt on its own. */
class PolicyScorerTest {

    private final LoadedModel model = TinyModel.shared();
    private final GemmaTokenizer tokenizer = model.tokenizer();

    @Test
    void sharedPrefixScoresEqualSeparateFullPromptScores() {
        Generator generator = model.newGenerator();
        String content = "How do I bake bread at home? I have flour, water, salt and yeast.";

        Map<String, Double> shared = PolicyScorer.scorePrompt(generator, content, SafetyPolicy.defaults());

        for (SafetyPolicy policy : SafetyPolicy.defaults()) {
            int[] full = tokenizer.encodePrompt(Prompt.builder().append(ShieldPrompts.promptPrefix(content))
                    .template(ShieldPrompts.promptSuffix(policy)).build());
            float[][] logits = generator.logits(full);
            float[] last = logits[logits.length - 1];
            double separate = PolicyScorer.probabilityOfYes(last[tokenizer.idOf("Yes")], last[tokenizer.idOf("No")]);
            assertThat(shared.get(policy.name())).as(policy.name()).isCloseTo(separate, within(1e-4));
        }
    }

    @Test
    void theSplitPromptTokenizesLikeTheWholePromptForEveryPolicyAndTemplate() {
        for (SafetyPolicy policy : SafetyPolicy.defaults()) {
            assertSplitTokenizesLikeWhole(ShieldPrompts.promptPrefix("How do I bake bread?"),
                    ShieldPrompts.promptSuffix(policy));
            assertSplitTokenizesLikeWhole(ShieldPrompts.responsePrefix("Question?", "An answer."),
                    ShieldPrompts.responseSuffix(policy));
        }
        assertSplitTokenizesLikeWhole(ShieldPrompts.promptPrefix("x"), ShieldPrompts.promptSuffix(
                new SafetyPolicy("custom", "\"No Spoilers\": no plot twists.", "\"No Spoilers\": none.")));
    }

    private void assertSplitTokenizesLikeWhole(Prompt prefix, String suffix) {
        int[] whole = tokenizer.encodePrompt(Prompt.builder().append(prefix).template(suffix).build());
        int[] parts = IntStream.concat(IntStream.of(tokenizer.encodePrompt(prefix)),
                IntStream.of(tokenizer.encode(suffix))).toArray();

        assertThat(parts).as(suffix).containsExactly(whole);
        assertThat(whole).as("ordinary content tokenizes as the whole string did")
                .containsExactly(tokenizer.encodeWithSpecialTokens(prefix.text() + suffix));
    }

    @Test
    void scoresAreProbabilitiesForEveryPolicyInOrder() {
        Map<String, Double> scores = PolicyScorer.scoreResponse(model.newGenerator(), "Hi", "Hello there.",
                List.of(SafetyPolicy.HATE_SPEECH, SafetyPolicy.DANGEROUS_CONTENT));

        assertThat(scores.keySet()).containsExactly("hate_speech", "dangerous_content");
        assertThat(scores.values()).allSatisfy(p -> assertThat(p).isBetween(0.0, 1.0));
    }

    @Test
    void probabilityOfYesIsTheSoftmaxOfTheTwoLogits() {
        assertThat(PolicyScorer.probabilityOfYes(2.0, 1.0)).isCloseTo(Math.exp(2) / (Math.exp(2) + Math.exp(1)),
                within(1e-12));
        assertThat(PolicyScorer.probabilityOfYes(30, -30)).isCloseTo(1.0, within(1e-12));
    }
}
