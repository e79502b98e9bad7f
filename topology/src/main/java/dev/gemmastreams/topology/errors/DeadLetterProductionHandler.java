package dev.gemmastreams.topology.errors;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A result the producer cannot send (too large for the broker, or any other error that no retry can cure) becomes
 * a dead letter for the input it came from, instead of stopping the stream thread; retriable errors are retried.
 * A dead letter that itself cannot be sent is logged and skipped: writing another would fail the same way.
 */
public class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterProductionHandler.class);
    static final String STAGE = "produce";

    private DeadLetterRecords deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = new DeadLetterRecords(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ProducerRecord<byte[], byte[]> record,
                                Exception exception) {
        if (exception instanceof RetriableException) {
            return Response.retry();
        }
        if (deadLetters.topic().equals(record.topic())) {
            log.error("Cannot write a dead letter for {}-{}@{} to {}: {}", context.topic(), context.partition(),
                    context.offset(), record.topic(), exception.toString());
            return Response.resume();
        }
        String message = "Could not write the result to " + record.topic() + ": " + exception.getMessage();
        try {
            return Response.resume(List.of(deadLetters.ofUnsent(context, record, STAGE,
                    exception.getClass().getSimpleName(), message)));
        } catch (RuntimeException e) {
            log.error("Cannot write the dead letter for {}-{}@{}; stopping rather than losing it",
                    context.topic(), context.partition(), context.offset(), e);
            return Response.fail();
        }
    }
}
