package dev.gemmastreams.topology.errors;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import dev.gemmastreams.topology.results.TopologyMetrics;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a failed input into a dead-letter record: the original topic, partition, offset, key and value bytes,
 * the stage that failed and a specific reason, Avro-encoded for the dead-letter topic.
 */
final class DeadLetterRecords implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecords.class);

    private final String topic;
    private final SpecificAvroSerializer<DeadLetter> serializer;
    private final TopologyMetrics metrics;

    DeadLetterRecords(Map<String, ?> streamsConfig) {
        Object configured = streamsConfig.get(DeadLetterConfig.TOPIC);
        if (configured == null || configured.toString().isBlank()) {
            throw new IllegalArgumentException("Missing streams setting " + DeadLetterConfig.TOPIC);
        }
        this.topic = configured.toString();
        this.serializer = streamsConfig.get(DeadLetterConfig.REGISTRY) instanceof SchemaRegistry registry
                ? new SpecificAvroSerializer<>(registry)
                : new SpecificAvroSerializer<>();
        this.serializer.configure(streamsConfig, false);
        this.metrics = streamsConfig.get(DeadLetterConfig.METRICS) instanceof TopologyMetrics configuredMetrics
                ? configuredMetrics : null;
    }

    ProducerRecord<byte[], byte[]> of(ErrorHandlerContext context, String stage, String reason, String message) {
        log.warn("Dead letter from {}-{}@{} at stage {}: {} ({})",
                context.topic(), context.partition(), context.offset(), stage, reason, message);
        DeadLetter letter = DeadLetter.newBuilder()
                .setOriginalTopic(context.topic())
                .setOriginalPartition(context.partition())
                .setOriginalOffset(context.offset())
                .setKey(wrap(context.sourceRawKey()))
                .setValue(wrap(context.sourceRawValue()))
                .setStage(stage)
                .setErrorType(reason)
                .setError(message == null ? reason : message)
                .setFailedAt(Instant.now())
                .build();
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, context.sourceRawKey(), serializer.serialize(topic, letter));
        if (metrics != null) {
            metrics.deadLetter(stage, reason);
        }
        return record;
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    @Override
    public void close() {
        serializer.close();
    }
}
