package dev.gemmastreams.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gemmastreams.engine.support.TinyModel;
import org.junit.jupiter.api.Test;

/** Generation on the tiny random model with the real tokenizer: structure, determinism, limits, never the text. */
class GeneratorTest {

    private final LoadedModel model = TinyModel.shared();

    private int[] prompt(String text) {
        return ChatFormat.encodeUserTurn(model.tokenizer(), text);
    }

    @Test
    void theChatPromptStartsWithBosAndOpensTheModelTurn() {
        int[] ids = prompt("Summarize this.");

        assertThat(ids[0]).isEqualTo(model.tokenizer().bosId());
        assertThat(ids[1]).isEqualTo(model.tokenizer().startOfTurnId());
        assertThat(model.tokenizer().decode(ids, false)).endsWith("<start_of_turn>model\n");
    }

    @Test
    void greedyGenerationIsDeterministicAcrossGeneratorsAndLoads() {
        GenerationRequest request = GenerationRequest.greedy(prompt("Tell me about Kafka."), 12);

        GenerationResult first = model.newGenerator().generate(request);
        GenerationResult again = model.newGenerator().generate(request);
        try (LoadedModel reloaded = LoadedModel.load(TinyModel.folder())) {
            GenerationResult afterReload = reloaded.newGenerator().generate(request);
            assertThat(afterReload.tokens()).containsExactly(first.tokens());
            assertThat(afterReload.text()).isEqualTo(first.text());
        }
        assertThat(again.tokens()).containsExactly(first.tokens());
    }

    @Test
    void reportsTokenCountsAndTimings() {
        int[] ids = prompt("Count me.");
        GenerationResult result = model.newGenerator().generate(GenerationRequest.greedy(ids, 6));

        assertThat(result.promptTokens()).isEqualTo(ids.length);
        assertThat(result.completionTokens()).isBetween(0, 6);
        assertThat(result.prefillNanos()).isPositive();
        assertThat(result.stopReason() == StopReason.MAX_TOKENS).isEqualTo(result.completionTokens() == 6);
        assertThat(model.tokenizer().decode(result.tokens())).isEqualTo(result.text());
    }

    @Test
    void aPromptThatCannotFitTheContextIsRefusedClearly() {
        int[] ids = new int[8190];
        ids[0] = model.tokenizer().bosId();

        assertThatThrownBy(() -> model.newGenerator().generate(GenerationRequest.greedy(ids, 10)))
                .isInstanceOf(ContextOverflowException.class)
                .hasMessageContaining("8190").hasMessageContaining("10").hasMessageContaining("8192");
    }

    @Test
    void samplingWithASeedRepeatsItself() {
        GenerationRequest request = new GenerationRequest(prompt("Be creative."), 10,
                new SamplingOptions(1.0, 50, 0.95, 1234));

        GenerationResult first = model.newGenerator().generate(request);
        GenerationResult second = model.newGenerator().generate(request);

        assertThat(second.tokens()).containsExactly(first.tokens());
    }
}
