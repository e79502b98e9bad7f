package dev.gemmastreams.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.stream.IntStream;

import dev.gemmastreams.engine.support.TinyModel;
import org.junit.jupiter.api.Test;

/** Continuations scored over a shared, once-prefilled prefix match scoring each full sequence from scratch. */
class PrefixScorerTest {

    @Test
    void sharedPrefixLogitsEqualFullSequenceLogits() {
        LoadedModel model = TinyModel.shared();
        Generator generator = model.newGenerator();
        int[] prefix = model.tokenizer().encodeWithSpecialTokens(
                "You are a policy expert.\n\n<start_of_turn>\nHuman Question: a long shared content part<end_of_turn>");
        List<int[]> continuations = List.of(
                model.tokenizer().encode("\n\n* No Dangerous Content. Does it violate? Yes or No."),
                model.tokenizer().encode("\n\n* No Harassment. Does it violate?"),
                model.tokenizer().encode("\n\n* No Hate Speech."));

        List<float[]> shared = PrefixScorer.lastLogits(generator, prefix, continuations);

        for (int i = 0; i < continuations.size(); i++) {
            int[] full = IntStream.concat(IntStream.of(prefix), IntStream.of(continuations.get(i))).toArray();
            float[][] all = generator.logits(full);
            float[] expected = all[all.length - 1];
            float[] actual = shared.get(i);
            for (int v = 0; v < expected.length; v += 997) {
                assertThat(actual[v]).isCloseTo(expected[v], within(1e-4f));
            }
            assertThat(actual[Sampler.argmax(actual)]).isCloseTo(expected[Sampler.argmax(expected)], within(1e-4f));
        }
    }
}
