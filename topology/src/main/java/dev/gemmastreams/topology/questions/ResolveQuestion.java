package dev.gemmastreams.topology.questions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.errors.OriginalBytes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Finds the text a valid question is about, in the task of its document: the document from the documents table, or
 * the question's inline context. The resolved question leaves with its answer-cache key (see
 * {@link AnswerQuestion}, which answers it in the task of that key). A question whose document has not arrived
 * waits in a store, is looked at again every {@code pendingCheckInterval}, and becomes a dead letter after
 * {@code questionWait}. Results are keyed by question id.
 */
public final class ResolveQuestion implements Processor<String, PendingQuestion, String, QuestionResult> {

    static final String JOIN_STAGE = "join";

    private final TopologyServices services;
    private final TopologySettings settings;
    private final Serializer<Question> questionBytes;
    private final AnswerCacheKey cacheKey;

    private ProcessorContext<String, QuestionResult> context;
    private TimestampedKeyValueStore<String, Document> documents;
    private KeyValueStore<String, PendingQuestion> pending;

    public ResolveQuestion(TopologyServices services, TopologySettings settings, Serializer<Question> questionBytes) {
        this.services = services;
        this.settings = settings;
        this.questionBytes = questionBytes;
        this.cacheKey = new AnswerCacheKey(services, settings);
    }

    @Override
    public void init(ProcessorContext<String, QuestionResult> context) {
        this.context = context;
        this.documents = context.getStateStore(StoreNames.DOCUMENTS);
        this.pending = context.getStateStore(StoreNames.PENDING_QUESTIONS);
        context.schedule(settings.pendingCheckInterval(), PunctuationType.WALL_CLOCK_TIME, now -> retryPending());
    }

    @Override
    public void process(Record<String, PendingQuestion> record) {
        // Records arrive keyed by their document id (so the document is in this task's store).
        PendingQuestion arrived = record.value();
        Question question = arrived.getQuestion();
        if (question.getContext() != null) {
            forward(arrived, question.getContext(), null);
            return;
        }
        Document document = document(question.getDocumentId());
        if (document != null) {
            forward(arrived, document.getText(), document.getId());
            return;
        }
        pending.put(question.getId(), arrived);
    }

    /** Resolves waiting questions whose document has arrived; gives up on those that waited too long. */
    private void retryPending() {
        Instant now = services.clock().instant();
        List<KeyValue<String, PendingQuestion>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, PendingQuestion> all = pending.all()) {
            all.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, PendingQuestion> entry : waiting) {
            Question question = entry.value.getQuestion();
            Document document = document(question.getDocumentId());
            if (document != null) {
                pending.delete(entry.key);
                forward(entry.value, document.getText(), document.getId());
            } else if (Duration.between(entry.value.getReceivedAt(), now).compareTo(settings.questionWait()) >= 0) {
                pending.delete(entry.key);
                services.metrics().deadLetter(JOIN_STAGE, "DOCUMENT_NOT_FOUND");
                context.forward(new Record<>(entry.key,
                        new QuestionResult.Expired(expired(entry.key, entry.value, now)), now.toEpochMilli()));
            }
        }
    }

    /** @param text the document's text, or the inline context (which the question carries already) */
    private void forward(PendingQuestion arrived, String text, String documentId) {
        Question question = arrived.getQuestion();
        QuestionWork work = QuestionWork.newBuilder()
                .setQuestion(question)
                .setDocumentId(documentId)
                .setText(documentId == null ? null : text)
                .setCacheKey(cacheKey.of(question, text))
                .setTopic(arrived.getTopic())
                .setPartition(arrived.getPartition())
                .setOffset(arrived.getOffset())
                .build();
        context.forward(new Record<>(question.getId(), new QuestionResult.Resolved(work), services.clock().millis()));
    }

    private DeadLetter expired(String key, PendingQuestion waiting, Instant now) {
        byte[] value = questionBytes.serialize(waiting.getTopic(), waiting.getQuestion());
        DeadLetter.Builder letter = DeadLetter.newBuilder()
                .setOriginalTopic(waiting.getTopic())
                .setOriginalPartition(waiting.getPartition())
                .setOriginalOffset(waiting.getOffset())
                .setStage(JOIN_STAGE)
                .setErrorType("DOCUMENT_NOT_FOUND")
                .setError(OriginalBytes.boundedError("Question '" + waiting.getQuestion().getId() + "' waited "
                        + settings.questionWait() + " for document '" + waiting.getQuestion().getDocumentId()
                        + "', which never arrived"))
                .setFailedAt(now);
        OriginalBytes.fill(letter, key.getBytes(StandardCharsets.UTF_8), value, settings.deadLetterOriginalBytes());
        return letter.build();
    }

    private Document document(String id) {
        ValueAndTimestamp<Document> stored = documents.get(id);
        return stored == null ? null : stored.value();
    }
}
