package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.TOPICS;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentOutcome;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.topology.support.EchoSummarizer;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Documents go to the task of their content for the model call and come back to the task of their id in order. */
class ContentRoutingTopologyTest {

    private static final String BY_CONTENT = "topology-test-documents-by-content-repartition";
    private static final String BY_DOCUMENT = "topology-test-results-by-document-repartition";

    private TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theSameTextUnderTwoIdsGoesToOneContentKeyAndCostsOneModelCall() {
        fixture.documents.pipeInput("doc-a", document("doc-a", "The same text twice."));
        fixture.documents.pipeInput("doc-b", document("doc-b", "The same text twice."));

        // Same repartition key => same partition of documents-by-content, whatever partitions the ids are on.
        var routed = fixture.driver.createOutputTopic(BY_CONTENT, new StringDeserializer(),
                fixture.serdes.documentWork().deserializer()).readKeyValuesToList();
        assertThat(routed).hasSize(2);
        assertThat(routed.get(0).key).isEqualTo(routed.get(1).key).isNotIn("doc-a", "doc-b");
        assertThat(fixture.summarizer.calls()).isEqualTo(1);
        assertThat(fixture.summaries.readKeyValuesToMap()).containsOnlyKeys("doc-a", "doc-b");
    }

    @Test
    void anOlderVersionsLateResultDoesNotOverwriteTheNewerOne() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "First version."));
        fixture.documents.pipeInput("doc-1", document("doc-1", "Second version."));
        List<Summary> published = fixture.summaries.readValuesToList();
        Summary older = published.getFirst();
        Summary newer = published.getLast();

        lateResult(older, 0);

        assertThat(fixture.summaries.isEmpty()).isTrue();
        assertThat(fixture.driver.<String, Summary>getKeyValueStore(StoreNames.SUMMARIES).get("doc-1"))
                .isEqualTo(newer);
        assertThat(fixture.metrics.count("result.summary.SUPERSEDED")).isEqualTo(1);
    }

    @Test
    void aDeletionIsNotUndoneByALateSummary() {
        fixture.documents.pipeInput("doc-1", document("doc-1", "Soon deleted."));
        fixture.documents.pipeInput("doc-1", (Document) null);
        List<Summary> published = fixture.summaries.readValuesToList();
        assertThat(published).hasSize(2).last().isNull();

        lateResult(published.getFirst(), 0);

        assertThat(fixture.summaries.isEmpty()).isTrue();
        assertThat(fixture.driver.<String, Summary>getKeyValueStore(StoreNames.SUMMARIES).get("doc-1")).isNull();
    }

    @Test
    void anEngineFailureInTheContentTaskIsADeadLetterPointingAtTheDocumentsRecord() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer().failing(3, true));
        // An invalid document first (a dead letter, no model call): doc-1 is at offset 1 on documents, 0 on by-content.
        fixture.documents.pipeInput("doc-0", document("doc-0", " "));
        fixture.documents.pipeInput("doc-1", document("doc-1", "Never summarized."));

        DeadLetter letter = fixture.deadLetters.readValuesToList().getLast();
        assertThat(letter.getOriginalTopic()).isEqualTo(TOPICS.documents());
        assertThat(letter.getOriginalPartition()).isZero();
        assertThat(letter.getOriginalOffset()).isEqualTo(1);
        assertThat(new String(letter.getKey().array(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("doc-1");
        Document original = fixture.serdes.documents().deserializer()
                .deserialize(TOPICS.documents(), letter.getValue().array());
        assertThat(original.getId()).isEqualTo("doc-1");
    }

    /** The content stage's result for the version at the given documents offset, sent back (again) late. */
    private void lateResult(Summary old, long offset) {
        TestInputTopic<String, DocumentWork> back = fixture.driver.createInputTopic(BY_DOCUMENT,
                new StringSerializer(), fixture.serdes.documentWork().serializer());
        back.pipeInput(old.getDocumentId(), DocumentWork.newBuilder()
                .setDocument(document(old.getDocumentId(), "An older version.")).setCacheKey("older")
                .setTopic(TOPICS.documents()).setPartition(0).setOffset(offset)
                .setOutcome(DocumentOutcome.newBuilder().setSummary(old).setVerdicts(List.of()).build())
                .build());
    }
}
