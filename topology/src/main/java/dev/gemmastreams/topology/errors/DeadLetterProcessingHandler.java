package dev.gemmastreams.topology.errors;

import java.util.List;
import java.util.Map;

import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionWork;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Inputs a processor rejects ({@link InvalidInputException}) or fails on become dead letters with the original
 * bytes, inside the same transaction; the stream goes on with the next record. A question that fails after being
 * re-keyed by its document or its content (or on its way back) points at its original record on the questions
 * topic, and a document that fails after being re-keyed by its content (or on its way back) at its original record
 * on the documents topic.
 */
public class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = new DeadLetterRecords(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        String stage = context.processorNodeId();
        String reason = exception.getClass().getSimpleName();
        if (exception instanceof InvalidInputException invalid) {
            stage = invalid.stage();
            reason = invalid.reason();
        }
        try {
            ProducerRecord<byte[], byte[]> letter;
            if (record.value() instanceof PendingQuestion pending) {
                letter = deadLetters.ofQuestion(pending, stage, reason, exception.getMessage());
            } else if (record.value() instanceof QuestionWork work) {
                letter = deadLetters.ofQuestion(work, stage, reason, exception.getMessage());
            } else if (record.value() instanceof DocumentWork work && work.getDocument() != null) {
                letter = deadLetters.ofDocument(work, stage, reason, exception.getMessage());
            } else {
                letter = deadLetters.of(context, stage, reason, exception.getMessage());
            }
            return Response.resume(List.of(letter));
        } catch (RuntimeException e) {
            log.error("Cannot write the dead letter for {}-{}@{}; stopping rather than losing it",
                    context.topic(), context.partition(), context.offset(), e);
            return Response.fail();
        }
    }
}
