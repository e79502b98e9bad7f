package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Decision;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.SafetyStage;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.topology.support.EchoSummarizer;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each valid document gets exactly one summary, with its safety verdicts, at most one model call per content. */
class SummariesTopologyTest {

    private TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aDocumentGetsASummaryWithModelPromptTokensAndTimings() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Kafka streams process records one at a time."));

        Summary summary = fixture.summaries.readValue();
        assertThat(summary.getDocumentId()).isEqualTo("doc-1");
        assertThat(summary.getStatus()).isEqualTo(Status.OK);
        assertThat(summary.getSummary()).isEqualTo("summary: Kafka streams process");
        assertThat(summary.getParts()).isEqualTo(1);
        assertThat(summary.getGeneration().getModelId()).isEqualTo("echo-model");
        assertThat(summary.getGeneration().getPromptVersion()).isEqualTo("summary-v1");
        assertThat(summary.getGeneration().getCompletionTokens()).isEqualTo(5);
        assertThat(summary.getGeneration().getDecodeMillis()).isEqualTo(3);
        assertThat(summary.getGeneration().getCached()).isFalse();
        assertThat(fixture.summaries.isEmpty()).isTrue();
    }

    @Test
    void inputAndOutputVerdictsArePublishedForEveryDocument() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Plain text."));

        List<SafetyVerdict> verdicts = fixture.verdicts.readValuesToList();
        assertThat(verdicts).extracting(SafetyVerdict::getStage).containsExactly(SafetyStage.INPUT, SafetyStage.OUTPUT);
        assertThat(verdicts).extracting(SafetyVerdict::getDecision).containsOnly(Decision.ALLOW);
        assertThat(verdicts.getFirst().getPolicyScores().getFirst().getThreshold()).isEqualTo(0.5);
    }

    @Test
    void aBlockedInputGetsABlockedSummaryWithoutAModelCall() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "This is FORBIDDEN text."));

        Summary summary = fixture.summaries.readValue();
        assertThat(summary.getStatus()).isEqualTo(Status.BLOCKED);
        assertThat(summary.getSummary()).isNull();
        assertThat(summary.getReason()).isEqualTo("input violates keyword");
        assertThat(fixture.summarizer.calls()).isZero();
        assertThat(fixture.verdicts.readValuesToList()).extracting(SafetyVerdict::getDecision)
                .containsExactly(Decision.BLOCK);
    }

    @Test
    void anUnsafeOutputIsWithheld() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "SECRET plans are here."));

        Summary summary = fixture.summaries.readValue();
        assertThat(summary.getStatus()).isEqualTo(Status.WITHHELD);
        assertThat(summary.getSummary()).isNull();
        assertThat(summary.getReason()).isEqualTo("output violates keyword");
    }

    @Test
    void aDuplicateDocumentCostsNoModelCall() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Same words in both."));
        fixture.documents.pipeInput("doc-2", document("doc-2", "Same words in both."));

        List<Summary> summaries = fixture.summaries.readValuesToList();
        assertThat(summaries).extracting(Summary::getDocumentId).containsExactly("doc-1", "doc-2");
        assertThat(summaries.get(1).getSummary()).isEqualTo(summaries.get(0).getSummary());
        assertThat(summaries.get(1).getGeneration().getCached()).isTrue();
        assertThat(fixture.summarizer.calls()).isEqualTo(1);
        assertThat(fixture.metrics.count("cache-hit.summary")).isEqualTo(1);
        assertThat(fixture.metrics.count("cache-miss.summary")).isEqualTo(1);
    }

    @Test
    void theSameTextInAnotherLanguageIsAssessedAgain() {
        // Input safety reads the text by its language (phone formats), so its result is not the other one's.
        fixture.documents.pipeInput("doc-1", Document.newBuilder(document("doc-1", "Same words in both."))
                .setLanguage("es").build());
        fixture.documents.pipeInput("doc-2", Document.newBuilder(document("doc-2", "Same words in both."))
                .setLanguage("pt").build());

        assertThat(fixture.summaries.readValuesToList()).extracting(s -> s.getGeneration().getCached())
                .containsExactly(false, false);
    }

    @Test
    void aRetryableEngineFailureIsTriedAgain() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer().failing(2, true));

        fixture.documents.pipeInput("doc-1", document("doc-1", "Eventually fine."));

        assertThat(fixture.summaries.readValue().getStatus()).isEqualTo(Status.OK);
        assertThat(fixture.summarizer.calls()).isEqualTo(3);
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anEngineFailureAfterTheRetriesIsADeadLetterAndTheStreamGoesOn() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer().failing(3, true));

        fixture.documents.pipeInput("doc-1", document("doc-1", "Never summarized."));
        fixture.documents.pipeInput("doc-2", document("doc-2", "Summarized fine."));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("EngineException");
        assertThat(letter.getError()).contains("doc-1").contains("3 attempt(s)");
        assertThat(fixture.summaries.readValuesToList()).extracting(Summary::getDocumentId).containsExactly("doc-2");
    }

    @Test
    void aPermanentEngineFailureIsNotRetried() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer().failing(1, false));

        fixture.documents.pipeInput("doc-1", document("doc-1", "Broken."));

        assertThat(fixture.deadLetters.readValue().getError()).contains("1 attempt(s)");
        assertThat(fixture.summarizer.calls()).isEqualTo(1);
    }
}
