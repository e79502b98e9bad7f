package dev.gemmastreams.topology.documents;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.topology.engine.Summarization;
import dev.gemmastreams.topology.engine.TokenCounter;
import dev.gemmastreams.topology.support.EchoSummarizer;
import org.junit.jupiter.api.Test;

class MapReduceSummarizerTest {

    private static final TokenCounter WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    @Test
    void aTextThatFitsIsSummarizedInOneCall() {
        EchoSummarizer model = new EchoSummarizer().withMaxInputTokens(20);

        Summarization summary = new MapReduceSummarizer(model, WORDS).summarize("Short text. Two sentences.");

        assertThat(summary.parts()).isEqualTo(1);
        assertThat(model.calls()).isEqualTo(1);
        assertThat(model.combines()).isZero();
    }

    @Test
    void aLongTextIsSummarizedInPartsThatFitAndThenCombined() {
        EchoSummarizer model = new EchoSummarizer().withMaxInputTokens(20);
        String text = "One two three four five six. ".repeat(6); // 36 words: 6 sentences of 6 words

        Summarization summary = new MapReduceSummarizer(model, WORDS).summarize(text);

        assertThat(summary.parts()).isEqualTo(2); // three sentences (18 words) per part
        assertThat(model.calls()).isEqualTo(2);
        assertThat(model.combines()).isEqualTo(1);
        assertThat(summary.text()).startsWith("combined(");
        assertThat(summary.stats().promptTokens()).isGreaterThan(text.length() / 2); // parts plus the combine call
    }

    @Test
    void manyPartSummariesAreCombinedRecursively() {
        // 8 parts of one 11-word sentence; their summaries (4 words + 2) combine two at a time: 8 -> 4; the
        // combined summaries are 1 word (+2), so the 4 fit one last call: 4 + 1 combine calls.
        EchoSummarizer model = new EchoSummarizer().withMaxInputTokens(16);
        String text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda. ".repeat(8);

        Summarization summary = new MapReduceSummarizer(model, WORDS).summarize(text);

        assertThat(summary.parts()).isEqualTo(8);
        assertThat(model.combines()).isEqualTo(5);
        assertThat(summary.text()).startsWith("combined(");
    }
}
