package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.MAX_CHARS;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static dev.gemmastreams.topology.support.TopologyFixture.inlineQuestion;
import static dev.gemmastreams.topology.support.TopologyFixture.question;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.apache.kafka.streams.test.TestRecord;
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

    @Test
    void aDocumentsHeadersDoNotReachItsSummaryOrVerdicts() {
        fixture.documents.pipeInput(new TestRecord<>("doc-1", document("doc-1", "Some text."), producerHeaders()));

        assertThat(fixture.summaries.readRecord().headers()).isEmpty();
        assertThat(fixture.verdicts.readRecordsToList()).hasSize(2)
                .allSatisfy(verdict -> assertThat(verdict.headers()).isEmpty());
    }

    @Test
    void aQuestionsHeadersDoNotReachItsAnswerOrVerdicts() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Kafka stores records in topics."));
        fixture.verdicts.readRecordsToList();
        fixture.questions.pipeInput(new TestRecord<>("q-1", question("q-1", "Where are records?", "doc-1"),
                producerHeaders()));

        assertThat(fixture.answers.readRecord().headers()).isEmpty();
        assertThat(fixture.verdicts.readRecordsToList()).hasSize(2)
                .allSatisfy(verdict -> assertThat(verdict.headers()).isEmpty());
    }

    @Test
    void anInvalidInputsHeadersDoNotReachItsDeadLetter() {
        fixture.documents.pipeInput(new TestRecord<>("doc-1", document("doc-1", " "), producerHeaders()));

        assertThat(fixture.deadLetters.readRecord().headers()).isEmpty();
    }

    @Test
    void aWaitingQuestionsHeadersDoNotReachItsDeadLetter() {
        fixture.questions.pipeInput(new TestRecord<>("q-1", question("q-1", "Which?", "missing"), producerHeaders()));
        fixture.advance(TopologyFixture.QUESTION_WAIT.plusSeconds(1));

        assertThat(fixture.deadLetters.readRecord().headers()).isEmpty();
    }

    /** What Confluent's newer serializers write: a schema id header that would misdirect an output's reader. */
    private static Headers producerHeaders() {
        Headers headers = new RecordHeaders();
        headers.add("__value_schema_id", new byte[] {0, 0, 0, 0, 7});
        headers.add("trace", "abc".getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @Test
    void aDocumentTombstoneDeletesItsSummary() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Some text."));
        fixture.documents.pipeInput("doc-1", (Document) null);

        assertThat(fixture.summaries.readValue().getDocumentId()).isEqualTo("doc-1");
        TestRecord<String, Summary> deletion = fixture.summaries.readRecord();
        assertThat(deletion.key()).isEqualTo("doc-1");
        assertThat(deletion.value()).isNull();
        assertThat(summaryStore().get("doc-1")).isNull();
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aDocumentWithoutAKeyIsKeyedByItsId() {
        fixture.documents.pipeInput((String) null, document("doc-1", "Some text."));

        TestRecord<String, Summary> summary = fixture.summaries.readRecord();
        assertThat(summary.key()).isEqualTo("doc-1");
        assertThat(fixture.summaries.isEmpty()).isTrue();
        assertThat(summaryStore().get("doc-1")).isNotNull();
        assertThat(documentStore().get("doc-1").value().getText()).isEqualTo("Some text.");
        assertThat(fixture.summarizer.calls()).isEqualTo(1);
    }

    @Test
    void aDocumentWithoutKeyOrIdIsADeadLetter() {
        fixture.documents.pipeInput((String) null, document(" ", "Some text."));

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("MISSING_ID");
        assertThat(fixture.summaries.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneWithoutAKeyIsIgnoredAndTheStreamGoesOn() {
        fixture.documents.pipeInput((String) null, (Document) null);
        fixture.documents.pipeInput("doc-1", document("doc-1", "Some text."));

        assertThat(fixture.summaries.readKeyValuesToList()).singleElement()
                .satisfies(summary -> assertThat(summary.key).isEqualTo("doc-1"));
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aQuestionTombstoneIsIgnoredAndItsAnswerStays() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "Which?", "Some context."));
        fixture.questions.pipeInput("q-1", (Question) null);

        assertThat(fixture.answers.readKeyValuesToList()).singleElement()
                .satisfies(answer -> assertThat(answer.value).isNotNull());
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    private KeyValueStore<String, ValueAndTimestamp<Summary>> summaryStore() {
        return fixture.driver.getTimestampedKeyValueStore(StoreNames.SUMMARIES);
    }

    private KeyValueStore<String, ValueAndTimestamp<Document>> documentStore() {
        return fixture.driver.getTimestampedKeyValueStore(StoreNames.DOCUMENTS);
    }

    @Test
    void aDeadLetterKeepsABoundedPrefixOfALargeInputWithItsSizeAndHash() {
        byte[] large = new byte[10_000];
        java.util.Arrays.fill(large, (byte) 'x');
        fixture.rawDocuments.pipeInput("doc-1", large);

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getValueSize()).isEqualTo(large.length);
        assertThat(letter.getValueSha256()).isEqualTo(sha256(large));
        assertThat(letter.getKeySize()).isEqualTo(5);
        assertThat(letter.getKey().remaining() + letter.getValue().remaining())
                .isEqualTo(TopologyFixture.MAX_ORIGINAL_BYTES);
        assertThat(letter.getValue().get(0)).isEqualTo((byte) 'x');
    }

    @Test
    void aSmallInputIsKeptWholeInItsDeadLetter() {
        fixture.rawDocuments.pipeInput("doc-1", new byte[] {1, 2, 3});

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getTruncated()).isFalse();
        assertThat(letter.getValue().remaining()).isEqualTo(3);
        assertThat(letter.getValueSize()).isEqualTo(3);
    }

    private static String sha256(byte[] bytes) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aResultLargerThanTheOutputTopicsAcceptIsADeadLetterInsteadOfARefusedSend() {
        try (TopologyFixture small = new TopologyFixture(TopologyFixture.SETTINGS.withOutputLimits(750, 64))) {
            // The test summarizer keeps the first words: one long word makes a long summary.
            small.documents.pipeInput("doc-1", document("doc-1", "a".repeat(180) + " b c"));
            small.documents.pipeInput("doc-2", document("doc-2", "Short."));

            DeadLetter letter = small.deadLetters.readValue();
            assertThat(letter.getStage()).isEqualTo("produce");
            assertThat(letter.getErrorType()).isEqualTo("RESULT_TOO_LARGE");
            assertThat(letter.getError()).contains("summaries").contains("750");
            assertThat(small.summaries.readKeyValuesToList()).singleElement()
                    .satisfies(summary -> assertThat(summary.key).isEqualTo("doc-2"));
            assertThat(small.verdicts.readKeyValuesToList())
                    .allSatisfy(verdict -> assertThat(verdict.key).isEqualTo("doc-2"));
        }
    }
}
