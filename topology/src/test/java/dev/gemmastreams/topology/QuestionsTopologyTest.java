package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.QUESTION_WAIT;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static dev.gemmastreams.topology.support.TopologyFixture.inlineQuestion;
import static dev.gemmastreams.topology.support.TopologyFixture.question;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Evidence;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.topology.support.EchoAnswerer;
import dev.gemmastreams.topology.support.EchoSummarizer;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every valid question gets exactly one answer citing its passages, or a dead letter when its document never comes. */
class QuestionsTopologyTest {

    private static final String TEXT = "Kafka stores records in topics. Topics have partitions.\n\n"
            + "Gemma is a language model. It runs on Jlama in Java.";

    private TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aQuestionAboutAKnownDocumentIsAnsweredCitingTheRelevantPassage() {
        fixture.documents.pipeInput("doc-1", document("doc-1", TEXT));
        fixture.questions.pipeInput("q-1", question("q-1", "Which language model runs on Jlama?", "doc-1"));

        Answer answer = fixture.answers.readValue();
        assertThat(answer.getQuestionId()).isEqualTo("q-1");
        assertThat(answer.getDocumentId()).isEqualTo("doc-1");
        assertThat(answer.getStatus()).isEqualTo(Status.OK);
        assertThat(answer.getEvidence()).isNotEmpty();
        Evidence best = answer.getEvidence().stream().max((a, b) -> Double.compare(a.getScore(), b.getScore()))
                .orElseThrow();
        assertThat(TEXT.substring(best.getStart(), best.getEnd())).contains("Jlama");
        assertThat(answer.getGeneration().getPromptVersion()).isEqualTo("answer-v1");
    }

    @Test
    void passagesFitTheContextBudget() {
        fixture.documents.pipeInput("doc-1", document("doc-1", TEXT));
        fixture.questions.pipeInput("q-1", question("q-1", "Kafka topics partitions Gemma Jlama Java?", "doc-1"));

        fixture.answers.readValue();
        int words = fixture.answerer.lastPassages().stream().mapToInt(p -> p.tokens()).sum();
        assertThat(words).isLessThanOrEqualTo(TopologyFixture.SETTINGS.answerContextTokens());
    }

    @Test
    void aQuestionWithInlineContextNeedsNoDocument() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "What is blue?", "The sky is blue."));

        Answer answer = fixture.answers.readValue();
        assertThat(answer.getStatus()).isEqualTo(Status.OK);
        assertThat(answer.getDocumentId()).isNull();
        assertThat(answer.getEvidence()).extracting(Evidence::getStart, Evidence::getEnd)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0, 16));
    }

    @Test
    void aQuestionBeforeItsDocumentIsAnsweredWhenTheDocumentArrives() {
        fixture.questions.pipeInput("q-1", question("q-1", "Where does Gemma run?", "doc-late"));
        assertThat(fixture.answers.isEmpty()).isTrue();

        fixture.documents.pipeInput("doc-late", document("doc-late", TEXT));
        fixture.advance(Duration.ofSeconds(1));

        assertThat(fixture.answers.readValue().getDocumentId()).isEqualTo("doc-late");
        fixture.advance(QUESTION_WAIT);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aQuestionWhoseDocumentNeverArrivesBecomesADeadLetterAfterTheWait() {
        fixture.questions.pipeInput("q-1", question("q-1", "Anyone there?", "doc-missing"));

        fixture.advance(QUESTION_WAIT.minusSeconds(2));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
        fixture.advance(Duration.ofSeconds(2));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("join");
        assertThat(letter.getErrorType()).isEqualTo("DOCUMENT_NOT_FOUND");
        assertThat(letter.getError()).contains("q-1").contains("doc-missing");
        assertThat(letter.getOriginalTopic()).isEqualTo("questions");
        assertThat(fixture.answers.isEmpty()).isTrue();
    }

    @Test
    void anEngineFailureOnAQuestionIsADeadLetterPointingAtTheOriginalQuestion() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer(), new EchoAnswerer().failing(1));
        fixture.documents.pipeInput("doc-1", document("doc-1", TEXT));
        fixture.questions.pipeInput("q-1", question("q-1", "Which language model runs on Jlama?", "doc-1"));
        fixture.questions.pipeInput("q-2", question("q-2", "What has partitions?", "doc-1"));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("EngineException");
        assertThat(letter.getError()).contains("q-1");
        assertThat(letter.getOriginalTopic()).isEqualTo("questions");
        assertThat(letter.getOriginalOffset()).isZero();
        assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("q-1");
        Question original = fixture.serdes.questions().deserializer().deserialize("questions", bytes(letter.getValue()));
        assertThat(original.getId()).isEqualTo("q-1");
        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId).containsExactly("q-2");
    }

    private static byte[] bytes(java.nio.ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    @Test
    void aRepeatedQuestionCostsNoModelCall() {
        fixture.documents.pipeInput("doc-1", document("doc-1", TEXT));
        fixture.questions.pipeInput("q-1", question("q-1", "What has partitions?", "doc-1"));
        fixture.questions.pipeInput("q-2", question("q-2", "What has partitions?", "doc-1"));

        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId).containsExactly("q-1", "q-2");
        assertThat(fixture.answerer.calls()).isEqualTo(1);
        assertThat(fixture.metrics.count("cache-hit.answer")).isEqualTo(1);
    }

    @Test
    void anInlineQuestionIsNotAnsweredFromTheCacheOfTheSameQuestionOnADocumentOfTheSameText() {
        String text = "The FORBIDDEN passage.";
        fixture.documents.pipeInput("doc-1", document("doc-1", text));
        fixture.questions.pipeInput("q-1", question("q-1", "What is this?", "doc-1"));
        fixture.questions.pipeInput("q-2", inlineQuestion("q-2", "What is this?", text));

        // Input safety reads an inline question's context, never a document's text: q-2 is blocked, q-1 is not.
        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId, Answer::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("q-1", Status.OK),
                        org.assertj.core.groups.Tuple.tuple("q-2", Status.BLOCKED));
    }

    @Test
    void aBlockedQuestionIsNotAnswered() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "Tell me the FORBIDDEN thing", "Some context."));

        assertThat(fixture.answers.readValue().getStatus()).isEqualTo(Status.BLOCKED);
        assertThat(fixture.answerer.calls()).isZero();
    }

    @Test
    void aQuestionWithBothDocumentAndContextIsADeadLetter() {
        Question both = Question.newBuilder().setId("q-1").setQuestion("Which?").setDocumentId("doc-1")
                .setContext("inline").build();
        fixture.questions.pipeInput("q-1", both);

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("AMBIGUOUS_CONTEXT");
    }

    @Test
    void aQuestionWithNeitherDocumentNorContextIsADeadLetter() {
        fixture.questions.pipeInput("q-1", Question.newBuilder().setId("q-1").setQuestion("Which?").build());

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("NO_CONTEXT");
    }
}
