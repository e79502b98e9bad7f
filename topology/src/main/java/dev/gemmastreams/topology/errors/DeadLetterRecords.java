package dev.gemmastreams.topology.errors;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import dev.gemmastreams.topology.results.TopologyMetrics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed input into a dead-letter record: the original topic, partition, offset, key and value bytes
 * (bounded, see {@link OriginalBytes}), the stage that failed and a specific reason, Avro-encoded for the
 * dead-letter topic.
 */
final class DeadLetterRecords implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

    private final String topic;
    private final SpecificAvroSerializer<DeadLetter> serializer;
    private final SpecificAvroSerializer<Question> questions;
    private final SpecificAvroSerializer<Document> documents;
    private final TopologyMetrics metrics;
    private final int maxOriginalBytes;

    DeadLetterRecords(Map<String, ?> streamsConfig) {
        Object configured = streamsConfig.get(DeadLetterConfig.TOPIC);
        if (configured == null || configured.toString().isBlank()) {
            throw new IllegalArgumentException("Missing streams setting " + DeadLetterConfig.TOPIC);
        }
        this.topic = configured.toString();
        this.serializer = serializer(streamsConfig);
        this.questions = serializer(streamsConfig);
        this.documents = serializer(streamsConfig);
        this.metrics = streamsConfig.get(DeadLetterConfig.METRICS) instanceof TopologyMetrics configuredMetrics
                ? configuredMetrics : null;
        Object maxBytes = streamsConfig.get(DeadLetterConfig.MAX_ORIGINAL_BYTES);
        this.maxOriginalBytes = maxBytes == null ? OriginalBytes.DEFAULT_MAX_BYTES
                : Integer.parseInt(maxBytes.toString());
    }

    /** A value serializer configured like the application's: the shared registry when one is set. */
    private static <T extends SpecificRecord> SpecificAvroSerializer<T> serializer(Map<String, ?> streamsConfig) {
        SpecificAvroSerializer<T> serializer = streamsConfig.get(DeadLetterConfig.REGISTRY) instanceof SchemaRegistry r
                ? new SpecificAvroSerializer<>(r)
                : new SpecificAvroSerializer<>();
        serializer.configure(streamsConfig, false);
        return serializer;
    }

    ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, String stage, String reason, String message) {
        return of(context.topic(), context.partition(), context.offset(), context.sourceRawKey(),
                context.sourceRawValue(), stage, reason, message);
    }

    /**
     * An output record the producer could not send: the dead letter points at the input it came from, with that
     * input's bytes (or the output's own, when no input is at hand, as in a punctuation).
     */
    ProducerRecord<byte[], byte[]> ofUnsent(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> unsent,
                                            String stage, String reason, String message) {
        boolean hasSource = context.sourceRawKey() != null || context.sourceRawValue() != null;
        return of(context.topic() != null ? context.topic() : unsent.topic(), context.partition(), context.offset(),
                hasSource ? context.sourceRawKey() : unsent.key(), hasSource ? context.sourceRawValue() : unsent.value(),
                stage, reason, message);
    }

    /** The dead-letter topic. */
    String topic() {
        return topic;
    }

    /**
     * A question that failed after it was re-keyed by its document: the dead letter points at the original record
     * on the questions topic (noted before the re-keying), keyed by the question id, its value the question
     * encoded for that topic, not the internal repartition record.
     */
    ProducerRecord<byte[], byte[]> ofQuestion(PendingQuestion pending, String stage, String reason, String message) {
        return ofQuestion(pending.getQuestion(), pending.getTopic(), pending.getPartition(), pending.getOffset(),
                stage, reason, message);
    }

    /** A question that failed after it was re-keyed by its content (or on its way back): likewise. */
    ProducerRecord<byte[], byte[]> ofQuestion(QuestionWork work, String stage, String reason, String message) {
        return ofQuestion(work.getQuestion(), work.getTopic(), work.getPartition(), work.getOffset(), stage, reason,
                message);
    }

    private ProducerRecord<byte[], byte[]> ofQuestion(Question question, String originalTopic, int partition,
            long offset, String stage, String reason, String message) {
        return of(originalTopic, partition, offset, question.getId().getBytes(StandardCharsets.UTF_8),
                questions.serialize(originalTopic, question), stage, reason, message);
    }

    /**
     * A document that failed after it was re-keyed by its content: the dead letter points at the original record on
     * the documents topic, keyed by the document id, its value the document encoded for that topic.
     */
    ProducerRecord<byte[], byte[]> ofDocument(DocumentWork work, String stage, String reason, String message) {
        Document document = work.getDocument();
        return of(work.getTopic(), work.getPartition(), work.getOffset(),
                document.getId().getBytes(StandardCharsets.UTF_8), documents.serialize(work.getTopic(), document),
                stage, reason, message);
    }

    private ProducerRecord<byte[], byte[]> of(String originalTopic, int partition, long offset, byte[] key,
            byte[] value, String stage, String reason, String message) {
        log.warn("Dead letter from {}-{}@{} at stage {}: {} ({})", originalTopic, partition, offset, stage, reason,
                OriginalBytes.boundedError(message));
        DeadLetter.Builder letter = DeadLetter.newBuilder()
                .setOriginalTopic(originalTopic)
                .setOriginalPartition(partition)
                .setOriginalOffset(offset)
                .setStage(stage)
                .setErrorType(reason)
                .setError(OriginalBytes.boundedError(message == null ? reason : message))
                .setFailedAt(Instant.now());
        byte[] keptKey = OriginalBytes.fill(letter, key, value, maxOriginalBytes);
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, keptKey,
                serializer.serialize(topic, letter.build()));
        if (metrics != null) {
            metrics.deadLetter(stage, reason);
        }
        return record;
    }

    @Override
    public void close() {
        serializer.close();
        questions.close();
        documents.close();
    }
}
