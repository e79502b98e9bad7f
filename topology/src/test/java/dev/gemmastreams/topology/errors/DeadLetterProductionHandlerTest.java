package dev.gemmastreams.topology.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.schemas.serde.InMemorySchemaRegistry;
import dev.gemmastreams.topology.TopologySerdes;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.NotEnoughReplicasException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Response;
import org.apache.kafka.streams.errors.ProductionExceptionHandler.Result;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

/** A result the producer cannot send becomes a dead letter for its input; the stream thread goes on. */
class DeadLetterProductionHandlerTest {

    private static final byte[] KEY = "doc-1".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {0, 0, 0, 0, 1, 42};

    private final InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
    private final DeadLetterProductionHandler handler = new DeadLetterProductionHandler();

    DeadLetterProductionHandlerTest() {
        handler.configure(Map.of(DeadLetterConfig.TOPIC, "dead-letters", DeadLetterConfig.REGISTRY, registry,
                DeadLetterConfig.MAX_ORIGINAL_BYTES, "1024"));
    }

    @Test
    void aResultTooLargeForTheBrokerBecomesADeadLetterForItsInput() {
        ProducerRecord<byte[], byte[]> summary = new ProducerRecord<>("summaries", KEY, new byte[5_000]);

        Response response = handler.handleError(context(), summary, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).singleElement().satisfies(record -> {
            assertThat(record.topic()).isEqualTo("dead-letters");
            DeadLetter letter = TopologySerdes.using(registry).deadLetters().deserializer()
                    .deserialize("dead-letters", record.value());
            assertThat(letter.getStage()).isEqualTo("produce");
            assertThat(letter.getErrorType()).isEqualTo("RecordTooLargeException");
            assertThat(letter.getError()).contains("summaries");
            assertThat(letter.getOriginalTopic()).isEqualTo("documents");
            assertThat(letter.getOriginalOffset()).isEqualTo(17);
            assertThat(letter.getValue().remaining()).isEqualTo(VALUE.length);
        });
    }

    @Test
    void aRetriableErrorIsRetried() {
        ProducerRecord<byte[], byte[]> summary = new ProducerRecord<>("summaries", KEY, VALUE);

        assertThat(handler.handleError(context(), summary, new NotEnoughReplicasException("later")).result())
                .isEqualTo(Result.RETRY);
    }

    @Test
    void aDeadLetterThatCannotBeSentIsSkippedWithoutAnother() {
        ProducerRecord<byte[], byte[]> letter = new ProducerRecord<>("dead-letters", KEY, VALUE);

        Response response = handler.handleError(context(), letter, new RecordTooLargeException("too large"));

        assertThat(response.result()).isEqualTo(Result.RESUME);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    private static ErrorHandlerContext context() {
        return new ErrorHandlerContext() {
            @Override
            public String topic() {
                return "documents";
            }

            @Override
            public int partition() {
                return 0;
            }

            @Override
            public long offset() {
                return 17;
            }

            @Override
            public Headers headers() {
                return new RecordHeaders();
            }

            @Override
            public String processorNodeId() {
                return "summaries";
            }

            @Override
            public TaskId taskId() {
                return new TaskId(0, 0);
            }

            @Override
            public long timestamp() {
                return 0;
            }

            @Override
            public byte[] sourceRawKey() {
                return KEY;
            }

            @Override
            public byte[] sourceRawValue() {
                return VALUE;
            }
        };
    }
}
