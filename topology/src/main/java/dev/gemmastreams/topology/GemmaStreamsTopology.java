package dev.gemmastreams.topology;

import java.util.List;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentOutcome;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionOutcome;
import dev.gemmastreams.topology.documents.DocumentValidator;
import dev.gemmastreams.topology.documents.SummarizeDocument;
import dev.gemmastreams.topology.questions.AnswerQuestion;
import dev.gemmastreams.topology.questions.QuestionOrigin;
import dev.gemmastreams.topology.questions.QuestionResult;
import dev.gemmastreams.topology.questions.QuestionValidator;
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
 * documents -> validate -> documents-by-id (table, for questions); a tombstone also deletes the summary
 *                       -> (no key) documents again, keyed by the document id
 *                       -> summarize (input safety, cache, model, output safety) -> summaries, safety-verdicts
 * questions -> validate -> re-key by document id -> answer (documents-by-id or inline context, BM25 passages,
 *              cache, model, safety; waits for a late document) -> answers, safety-verdicts | dead-letters
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

        KStream<String, DocumentOutcome> summarized = documents
                .filter((id, document) -> document != null, Named.as("skip-deleted-documents"))
                .processValues(() -> new SummarizeDocument(services, engine), Named.as("summarize"),
                        StoreNames.SUMMARY_CACHE)
                .processValues(() -> new ResultSizeGuard<>(settings.maxResultBytes(), List.of(
                        new ResultSizeGuard.Output<DocumentOutcome>(topics.summaries(), serdes.summaries().serializer(),
                                outcome -> List.of(outcome.getSummary())),
                        new ResultSizeGuard.Output<DocumentOutcome>(topics.safetyVerdicts(),
                                serdes.verdicts().serializer(), DocumentOutcome::getVerdicts))),
                        Named.as("check-summary-size"));
        // A deleted document's summary is deleted too: a tombstone for its key on summaries.
        KStream<String, Summary> deletedSummaries = documents
                .filter((id, document) -> document == null, Named.as("deleted-documents"))
                .mapValues(document -> (Summary) null, Named.as("deleted-summary"));
        KStream<String, Summary> summaries = summarized.mapValues(DocumentOutcome::getSummary, Named.as("summary"))
                .merge(deletedSummaries, Named.as("summaries-and-deletions"));
        summaries.to(topics.summaries(), Produced.with(Serdes.String(), serdes.summaries()).withName("summaries"));
        summaries.toTable(Named.as("summaries-table"), materialized(StoreNames.SUMMARIES, serdes.summaries()));
        summarized.flatMapValues(DocumentOutcome::getVerdicts, Named.as("document-verdicts"))
                .to(topics.safetyVerdicts(), Produced.with(Serdes.String(), serdes.verdicts())
                        .withName("document-safety-verdicts"));

        // Questions are re-keyed by their document id, so each lands in the task that holds its document.
        KStream<String, QuestionResult> answered = builder
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
                .process(() -> new AnswerQuestion(services, settings, engine, serdes.questions().serializer()),
                        Named.as("answer"), StoreNames.DOCUMENTS, StoreNames.PENDING_QUESTIONS, StoreNames.ANSWER_CACHE);
        answered.split(Named.as("question-"))
                .branch((id, result) -> result instanceof QuestionResult.Answered, Branched.withConsumer(
                        stream -> publishAnswers(stream.mapValues(r -> ((QuestionResult.Answered) r).outcome(),
                                Named.as("answer-outcome")), topics, serdes, settings), "answered"))
                .defaultBranch(Branched.withConsumer(stream -> stream
                        .mapValues(r -> ((QuestionResult.Expired) r).deadLetter(), Named.as("expired-question"))
                        .to(topics.deadLetters(), Produced.with(Serdes.String(), serdes.deadLetters())
                                .withName("question-dead-letters")), "expired"));

        return builder.build();
    }

    private static void publishAnswers(KStream<String, QuestionOutcome> unchecked, TopicNames topics,
                                       TopologySerdes serdes, TopologySettings settings) {
        KStream<String, QuestionOutcome> outcomes = unchecked.processValues(() -> new ResultSizeGuard<>(
                settings.maxResultBytes(), List.of(
                        new ResultSizeGuard.Output<QuestionOutcome>(topics.answers(), serdes.answers().serializer(),
                                outcome -> List.of(outcome.getAnswer())),
                        new ResultSizeGuard.Output<QuestionOutcome>(topics.safetyVerdicts(),
                                serdes.verdicts().serializer(), QuestionOutcome::getVerdicts))),
                Named.as("check-answer-size"));
        KStream<String, Answer> answers = outcomes.mapValues(QuestionOutcome::getAnswer, Named.as("answer-record"));
        answers.to(topics.answers(), Produced.with(Serdes.String(), serdes.answers()).withName("answers"));
        answers.toTable(Named.as("answers-table"), materialized(StoreNames.ANSWERS, serdes.answers()));
        outcomes.flatMapValues(QuestionOutcome::getVerdicts, Named.as("question-verdicts"))
                .to(topics.safetyVerdicts(), Produced.with(Serdes.String(), serdes.verdicts())
                        .withName("question-safety-verdicts"));
    }

    private static void addStores(StreamsBuilder builder, TopologySerdes serdes) {
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.SUMMARY_CACHE),
                Serdes.String(), serdes.documentOutcomes()));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.ANSWER_CACHE),
                Serdes.String(), serdes.questionOutcomes()));
        builder.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(StoreNames.PENDING_QUESTIONS), Serdes.String(), serdes.pendingQuestions()));
    }

    private static <V> Materialized<String, V, KeyValueStore<Bytes, byte[]>> materialized(String store, Serde<V> values) {
        return Materialized.<String, V, KeyValueStore<Bytes, byte[]>>as(store)
                .withKeySerde(Serdes.String())
                .withValueSerde(values);
    }
}
