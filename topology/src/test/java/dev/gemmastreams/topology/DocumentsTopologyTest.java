package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.MAX_CHARS;
import static dev.gemmastreams.topology.support.TopologyFixture.TOPICS;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Valid documents are kept by id; unreadable or invalid ones are dead letters and the stream goes on. */
class DocumentsTopologyTest {

    private final TopologyFixture fixture = new TopologyFixture();
    private final KeyValueStore<String, ValueAndTimestamp<Document>> store =
            fixture.driver.getTimestampedKeyValueStore(StoreNames.DOCUMENTS);

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aValidDocumentIsKeptById() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Some text."));

        assertThat(store.get("doc-1").value().getText()).isEqualTo("Some text.");
        assertThat(fixture.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aTombstoneDeletesTheDocument() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Some text."));
        fixture.documents.pipeInput("doc-1", (Document) null);

        assertThat(store.get("doc-1")).isNull();
    }

    @Test
    void emptyTextIsADeadLetterAtValidation() {
        fixture.documents.pipeInput("doc-1", document("doc-1", " \n "));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("validate");
        assertThat(letter.getErrorType()).isEqualTo("EMPTY_TEXT");
        assertThat(letter.getError()).contains("doc-1");
        assertThat(store.get("doc-1")).isNull();
        assertThat(fixture.summaries.isEmpty()).isTrue();
    }

    @Test
    void textOverTheLimitIsADeadLetter() {
        fixture.documents.pipeInput("big", document("big", "x".repeat(MAX_CHARS + 1)));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("TEXT_TOO_LARGE");
        assertThat(letter.getError()).contains(String.valueOf(MAX_CHARS + 1)).contains(String.valueOf(MAX_CHARS));
    }

    @Test
    void aKeyThatDiffersFromTheIdIsADeadLetter() {
        fixture.documents.pipeInput("other-key", document("doc-1", "Some text."));

        assertThat(fixture.deadLetters.readValue().getErrorType()).isEqualTo("KEY_MISMATCH");
    }

    @Test
    void bytesWithoutTheMagicByteAreADeadLetterWithTheOriginalBytes() {
        byte[] json = "{\"id\":\"doc-1\"}".getBytes(StandardCharsets.UTF_8);
        fixture.rawDocuments.pipeInput("doc-1", json);

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getStage()).isEqualTo("deserialize");
        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getOriginalTopic()).isEqualTo(TOPICS.documents());
        assertThat(bytes(letter.getValue())).isEqualTo(json);
        assertThat(bytes(letter.getKey())).isEqualTo("doc-1".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theStreamGoesOnAfterABadRecord() {
        fixture.rawDocuments.pipeInput("bad", new byte[] {1, 2, 3});
        fixture.documents.pipeInput("good", document("good", "Fine."));

        assertThat(fixture.deadLetters.readKeyValuesToList()).hasSize(1);
        assertThat(store.get("good")).isNotNull();
        assertThat(fixture.summaries.readValue().getDocumentId()).isEqualTo("good");
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
