package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.MAX_CHARS;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static dev.gemmastreams.topology.support.TopologyFixture.inlineQuestion;
import static dev.gemmastreams.topology.support.TopologyFixture.question;
import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Inputs a hostile or careless producer sends: each gets one specific outcome, and the stream goes on. */
class HostileInputsTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\u00A0\u00A0", "\u2003 \u3000", "\u200B\u200B", "\uFEFF", "\u00A0\u200B\uFEFF\u2060\n",
            "\u3164\u2800", "\uFE0F\u034F"})
    void textOfInvisibleCharactersIsEmpty(String invisible) {
        fixture.documents.pipeInput("doc-1", document("doc-1", invisible));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("EMPTY_TEXT");
        assertThat(fixture.summaries.isEmpty()).isTrue();
        assertThat(fixture.summarizer.calls()).isZero();
    }

    @Test
    void visibleTextAmongInvisibleCharactersIsSummarized() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "\uFEFF\u200Bword\u00A0"));

        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        assertThat(fixture.summaries.readValue().getDocumentId()).isEqualTo("doc-1");
    }

    @Test
    void aQuestionOfInvisibleCharactersIsEmpty() {
        fixture.questions.pipeInput("q-1", question("q-1", "\u00A0\u200B\u3000", "doc-1"));

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("EMPTY_QUESTION");
    }

    @Test
    void inlineContextOfInvisibleCharactersIsEmpty() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "Which?", "\uFEFF\u2003\u200B"));

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("EMPTY_CONTEXT");
        assertThat(fixture.answerer.calls()).isZero();
    }

    @Test
    void inlineContextOverTheDocumentLimitIsADeadLetter() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "Which?", "x".repeat(MAX_CHARS + 1)));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("validate");
        assertThat(letter.getErrorType()).isEqualTo("CONTEXT_TOO_LARGE");
        assertThat(letter.getError()).contains(String.valueOf(MAX_CHARS + 1)).contains(String.valueOf(MAX_CHARS));
        assertThat(fixture.answerer.calls()).isZero();
        assertThat(fixture.answers.isEmpty()).isTrue();
    }
}
