package dev.gemmastreams.topology.questions;

import java.time.Clock;

import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.internal.PendingQuestion;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Notes where a question came from (topic, partition, offset) and when, before it is re-keyed by its document:
 * a question that waits in vain, or fails later in the task of its content, becomes a dead letter that points at
 * the original record, and the offset orders the answers of one question id (see {@link PublishNewestAnswer}).
 */
public final class QuestionOrigin implements FixedKeyProcessor<String, Question, PendingQuestion> {

    private final Clock clock;
    private FixedKeyProcessorContext<String, PendingQuestion> context;

    public QuestionOrigin(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, PendingQuestion> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Question> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        context.forward(record.withValue(PendingQuestion.newBuilder()
                .setQuestion(record.value())
                .setTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .setReceivedAt(clock.instant())
                .build()));
    }

    /** Questions about a document go where the document is; inline-context ones stay with their own id. */
    public static String routingKey(PendingQuestion question) {
        String documentId = question.getQuestion().getDocumentId();
        return documentId != null ? documentId : question.getQuestion().getId();
    }
}
