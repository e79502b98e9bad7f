package dev.gemmastreams.topology.errors;

import java.util.List;
import java.util.Map;

import dev.gemmastreams.schemas.serde.WireFormatException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that cannot be deserialized (no magic byte, unknown schema id, incompatible writer schema, corrupt
 * Avro) become dead letters inside the same transaction, and the stream resumes with the next record.
 */
public class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    static final String STAGE = "deserialize";

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = new DeadLetterRecords(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String reason = exception instanceof WireFormatException wire ? wire.reason().name() : "DESERIALIZATION_FAILED";
        try {
            return Response.resume(List.of(deadLetters.of(context, STAGE, reason, exception.getMessage())));
        } catch (RuntimeException e) {
            // Without a dead letter the record would be lost: stop instead, it is retried after the restart.
            log.error("Cannot write the dead letter for {}-{}@{}; stopping rather than losing it",
                    context.topic(), context.partition(), context.offset(), e);
            return Response.fail();
        }
    }
}
