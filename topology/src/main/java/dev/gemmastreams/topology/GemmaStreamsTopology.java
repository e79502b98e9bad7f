package dev.gemmastreams.topology;

import java.util.List;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.topology.documents.DocumentOrigin;
import dev.gemmastreams.topology.documents.DocumentValidator;
import dev.gemmastreams.topology.documents.PublishNewest;
import dev.gemmastreams.topology.documents.SummarizeDocument;
import dev.gemmastreams.topology.questions.AnswerQuestion;
import dev.gemmastreams.topology.questions.PublishNewestAnswer;
import dev.gemmastreams.topology.questions.QuestionOrigin;
import dev.gemmastreams.topology.questions.QuestionResult;
import dev.gemmastreams.topology.questions.QuestionValidator;
import dev.gemmastreams.topology.questions.ResolveQuestion;
import dev.gemmastreams.topology.results.EngineCalls;
import dev.gemmastreams.topology.results.ResultSizeGuard;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The service's topology, built by one method:
 * <pre>
 * documents -> validate -> documents-by-id (table, for questions)
 *                       -> (no key) documents again, keyed by the document id
 *                       -> note origin and cache key -> re-key by cache key -> documents-by-content (repartition)
 *                          -> summarize (input safety, cache, model, output safety): one task per text, fleet-wide
 *                          -> re-key by document id -> results-by-document (repartition) -+
 *                       -> (tombstone) deletion ------------------------------------------+
 *                          -> publish newest (drop a result older than the id's last published) -> summaries
 *                             (a deletion: a tombstone), summaries-table, safety-verdicts
 * questions -> validate -> note origin -> re-key by document id -> questions-by-document (repartition)
 *              -> resolve (documents-by-id or inline context; waits for a late document | dead-letters) and
 *                 note the answer-cache key -> re-key by cache key -> questions-by-content (repartition)
 *              -> answer (cache, BM25 passages, input safety, model, output safety): one task per question over
 *                 one text, fleet-wide -> re-key by question id -> results-by-question (repartition)
 *              -> publish newest (drop an answer older than the id's last published) -> answers, answers-table,
 *                 safety-verdicts
 * </pre>
 * Input headers are dropped at the sources: outputs carry only headers the service sets.
 * Failures do not appear here: unreadable or invalid records and engine failures after their retries are
 * routed to the dead-letter topic by the streams error handlers (see {@code errors}).
 */
public final class GemmaStreamsTopology {

    private GemmaStreamsTopology() {
    }

    /** @param documentPartitions partitions of the documents topic: questions are repartitioned to match it */
    public static Topology build(TopicNames topics, TopologySerdes serdes, TopologySettings settings,
                                 TopologyServices services, int documentPartitions) {
        StreamsBuilder builder = new StreamsBuilder();
        EngineCalls engine = new EngineCalls(settings.engineAttempts(), settings.engineBackoff());
        addStores(builder, serdes);

        KStream<String, Document> received = builder
                .stream(topics.documents(), Consumed.with(Serdes.String(), serdes.documents()).withName("documents"))
                .processValues(DropInputHeaders::new, Named.as("drop-document-headers"))
                .filter(IgnoredRecords.skipKeylessTombstones(topics.documents()), Named.as("skip-keyless-tombstones"))
                .mapValues(new DocumentValidator(settings.maxDocumentChars())::validate, Named.as("validate-document"));
        // A valid document without a key is published again keyed by its id: so it lands in the partition of that
        // id, where the documents table and the questions about it are.
        received.filter((key, document) -> key == null, Named.as("unkeyed-documents"))
                .selectKey((key, document) -> document.getId(), Named.as("key-by-document-id"))
                .to(topics.documents(), Produced.with(Serdes.String(), serdes.documents())
                        .withName("documents-keyed-by-id"));
        KStream<String, Document> documents = received.filter((key, document) -> key != null,
                Named.as("keyed-documents"));
        documents.toTable(Named.as("documents-table"), materialized(StoreNames.DOCUMENTS, serdes.documents()));

        // The content stage: each document goes to the task of its cache key, which makes the one model call for
        // that text however many ids or partitions carry it. Deletions skip it.
        KStream<String, DocumentWork> work = documents
                .processValues(() -> new DocumentOrigin(services), Named.as("note-document-origin"));
        KStream<String, DocumentWork> results = work
                .filter((id, document) -> document.getDocument() != null, Named.as("skip-deleted-documents"))
                .selectKey((id, document) -> document.getCacheKey(), Named.as("key-by-content"))
                .repartition(Repartitioned.<String, DocumentWork>as("documents-by-content")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.documentWork())
                        .withNumberOfPartitions(documentPartitions))
                .processValues(() -> new SummarizeDocument(services, engine), Named.as("summarize"),
                        StoreNames.SUMMARY_CACHE)
                .selectKey((key, result) -> result.getDocument().getId(), Named.as("key-result-by-document"))
                .repartition(Repartitioned.<String, DocumentWork>as("results-by-document")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.documentWork())
                        .withNumberOfPartitions(documentPartitions));
        // Back in the task of the id: results and deletions pass one ordering point, newest version wins.
        KStream<String, DocumentWork> deletions = work
                .filter((id, document) -> document.getDocument() == null, Named.as("deleted-documents"));
        KStream<String, DocumentWork> newest = results.merge(deletions, Named.as("results-and-deletions"))
                .processValues(() -> new PublishNewest(services.metrics()), Named.as("publish-newest"),
                        StoreNames.PUBLISHED_OFFSETS);
        // The size check sees the whole envelope, so a refused result's dead letter points at the original record.
        KStream<String, DocumentWork> checked = newest.processValues(() -> new ResultSizeGuard<>(
                settings.maxResultBytes(), List.of(
                        new ResultSizeGuard.Output<DocumentWork>(topics.summaries(), serdes.summaries().serializer(),
                                GemmaStreamsTopology::summaryOf),
                        new ResultSizeGuard.Output<DocumentWork>(topics.safetyVerdicts(),
                                serdes.verdicts().serializer(),
                                result -> result.getOutcome() == null ? List.of() : result.getOutcome().getVerdicts()))),
                Named.as("check-summary-size"));
        // A deleted document's summary is deleted too: a tombstone for its key on summaries.
        KStream<String, Summary> summaries = checked.mapValues(
                result -> result.getOutcome() == null ? null : result.getOutcome().getSummary(), Named.as("summary"));
        summaries.to(topics.summaries(), Produced.with(Serdes.String(), serdes.summaries()).withName("summaries"));
        summaries.toTable(Named.as("summaries-table"), materialized(StoreNames.SUMMARIES, serdes.summaries()));
        checked.flatMapValues(result -> result.getOutcome() == null ? List.of() : result.getOutcome().getVerdicts(),
                        Named.as("document-verdicts"))
                .to(topics.safetyVerdicts(), Produced.with(Serdes.String(), serdes.verdicts())
                        .withName("document-safety-verdicts"));

        // Questions are re-keyed by their document id, so each lands in the task that holds its document.
        KStream<String, QuestionResult> resolved = builder
                .stream(topics.questions(), Consumed.with(Serdes.String(), serdes.questions()).withName("questions"))
                .processValues(DropInputHeaders::new, Named.as("drop-question-headers"))
                .mapValues(new QuestionValidator(settings.maxQuestionChars(), settings.maxDocumentChars())::validate,
                        Named.as("validate-question"))
                .filter(IgnoredRecords.skipQuestionTombstones(), Named.as("skip-question-tombstones"))
                .processValues(() -> new QuestionOrigin(services.clock()), Named.as("note-question-origin"))
                .selectKey((id, question) -> QuestionOrigin.routingKey(question), Named.as("key-by-document"))
                .repartition(Repartitioned.<String, PendingQuestion>as("questions-by-document")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.pendingQuestions())
                        .withNumberOfPartitions(documentPartitions))
                .process(() -> new ResolveQuestion(services, settings, serdes.questions().serializer()),
                        Named.as("resolve-question"), StoreNames.DOCUMENTS, StoreNames.PENDING_QUESTIONS);
        resolved.split(Named.as("question-"))
                .branch((id, result) -> result instanceof QuestionResult.Resolved, Branched.withConsumer(
                        stream -> answer(stream.mapValues(r -> ((QuestionResult.Resolved) r).work(),
                                Named.as("question-work")), topics, serdes, settings, services, engine,
                                documentPartitions), "resolved"))
                .defaultBranch(Branched.withConsumer(stream -> stream
                        .mapValues(r -> ((QuestionResult.Expired) r).deadLetter(), Named.as("expired-question"))
                        .to(topics.deadLetters(), Produced.with(Serdes.String(), serdes.deadLetters())
                                .withName("question-dead-letters")), "expired"));

        return builder.build();
    }

    private static List<Summary> summaryOf(DocumentWork result) {
        return result.getOutcome() == null ? List.of() : List.of(result.getOutcome().getSummary());
    }

    /**
     * The content stage of questions: each resolved question goes to the task of its answer-cache key, which makes
     * the one model call for that question over that text however many ids or partitions carry it; the answer
     * comes back to the task of the question id, where one ordering point keeps the id's newest version.
     */
    private static void answer(KStream<String, QuestionWork> work, TopicNames topics, TopologySerdes serdes,
                               TopologySettings settings, TopologyServices services, EngineCalls engine,
                               int documentPartitions) {
        KStream<String, QuestionWork> newest = work
                .selectKey((id, question) -> question.getCacheKey(), Named.as("key-question-by-content"))
                .repartition(Repartitioned.<String, QuestionWork>as("questions-by-content")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.questionWork())
                        .withNumberOfPartitions(documentPartitions))
                .processValues(() -> new AnswerQuestion(services, settings, engine), Named.as("answer"),
                        StoreNames.ANSWER_CACHE)
                .selectKey((key, result) -> result.getQuestion().getId(), Named.as("key-result-by-question"))
                .repartition(Repartitioned.<String, QuestionWork>as("results-by-question")
                        .withKeySerde(Serdes.String()).withValueSerde(serdes.questionWork())
                        .withNumberOfPartitions(documentPartitions))
                .processValues(() -> new PublishNewestAnswer(services.metrics()), Named.as("publish-newest-answer"),
                        StoreNames.PUBLISHED_ANSWER_OFFSETS);
        // The size check sees the whole envelope, so a refused answer's dead letter points at the original record.
        KStream<String, QuestionWork> checked = newest.processValues(() -> new ResultSizeGuard<>(
                settings.maxResultBytes(), List.of(
                        new ResultSizeGuard.Output<QuestionWork>(topics.answers(), serdes.answers().serializer(),
                                result -> List.of(result.getOutcome().getAnswer())),
                        new ResultSizeGuard.Output<QuestionWork>(topics.safetyVerdicts(),
                                serdes.verdicts().serializer(), result -> result.getOutcome().getVerdicts()))),
                Named.as("check-answer-size"));
        KStream<String, Answer> answers = checked.mapValues(result -> result.getOutcome().getAnswer(),
                Named.as("answer-record"));
        answers.to(topics.answers(), Produced.with(Serdes.String(), serdes.answers()).withName("answers"));
        answers.toTable(Named.as("answers-table"), materialized(StoreNames.ANSWERS, serdes.answers()));
        checked.flatMapValues(result -> result.getOutcome().getVerdicts(), Named.as("question-verdicts"))
                .to(topics.safetyVerdicts(), Produced.with(Serdes.String(), serdes.verdicts())
                        .withName("question-safety-verdicts"));
    }

    private static void addStores(StreamsBuilder builder, TopologySerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SUMMARY_CACHE),
                Serdes.String(), serdes.documentOutcomes()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ANSWER_CACHE),
                Serdes.String(), serdes.questionOutcomes()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PUBLISHED_OFFSETS), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PUBLISHED_ANSWER_OFFSETS), Serdes.String(), Serdes.Long()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING_QUESTIONS), Serdes.String(), serdes.pendingQuestions()));
    }

    private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String store, Serde<V> values) {
        return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                .withKeySerde(Serdes.String())
                .withValueSerde(values);
    }
}
