package dev.gemmastreams.service.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps the registry in a compacted, single-partition Kafka topic so ids and versions survive restarts:
 * {@link #start()} replays the topic into memory, {@link #write} appends (acks=all, idempotent, waiting for the
 * broker) before the state changes, so nothing is ever answered that is not stored.
 */
public class KafkaSchemaStore implements SchemaStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final Map<String, Object> kafkaClientConfig;
    private final String topic;
    private final Duration timeout;
    private final TopicPartition partition;
    private final SchemaRegistryState state = new SchemaRegistryState();
    private KafkaProducer<byte[], byte[]> producer;
    private KafkaConsumer<byte[], byte[]> consumer;

    /**
     * @param kafkaClientConfig bootstrap.servers plus any security settings, shared by every client of the service
     * @param topic             the registry topic, created if missing (compacted, 1 partition)
     * @param timeout           the longest any single Kafka operation may take
     */
    public KafkaSchemaStore(Map<String, Object> kafkaClientConfig, String topic, Duration timeout) {
        this.kafkaClientConfig = Map.copyOf(kafkaClientConfig);
        this.topic = topic;
        this.timeout = timeout;
        this.partition = new TopicPartition(topic, 0);
    }

    public synchronized void start() {
        if (consumer != null) {
            return;
        }
        try (Admin admin = Admin.create(clientConfig("admin", Map.of()))) {
            SchemaTopic.ensure(admin, topic, timeout);
        }
        consumer = new KafkaConsumer<>(clientConfig("reader", Map.of(
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        producer = new KafkaProducer<>(clientConfig("writer", Map.of(
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 1000))));
        int read = readToEnd();
        log.info("Schema registry store read {} record(s) from topic '{}': {} subject(s)", read, topic, state.subjects().size());
    }

    private Map<String, Object> clientConfig(String role, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put("client.id", "gemma-streams-registry-" + role);
        config.putAll(extra);
        return config;
    }

    @Override
    public SchemaRegistryState state() {
        return state;
    }

    @Override
    public synchronized void catchUp() {
        requireStarted();
        readToEnd();
    }

    @Override
    public synchronized void write(StoreRecord record) {
        requireStarted();
        StoreCodec.KeyValue keyValue = StoreCodec.encode(record);
        try {
            producer.send(new ProducerRecord<>(topic, 0, keyValue.key(), keyValue.value()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Writing to schema registry topic '" + topic + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not confirm a write to schema registry topic '" + topic
                    + "' within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while writing to schema registry topic '" + topic + "'", e);
        }
        state.apply(record);
    }

    /** Reads from the current position to the end offset known now; returns how many records were applied. */
    private int readToEnd() {
        long end = consumer.endOffsets(List.of(partition), timeout).get(partition);
        long deadline = System.nanoTime() + timeout.toNanos();
        int read = 0;
        while (consumer.position(partition, timeout) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read schema registry topic '" + topic + "' to offset " + end
                        + " within " + timeout + " (at " + consumer.position(partition, timeout) + ")");
            }
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.key() != null) {
                    apply(record);
                    read++;
                }
            }
        }
        return read;
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            StoreCodec.decode(record.key(), record.value()).ifPresent(state::apply);
        } catch (RuntimeException e) {
            // Skipping it could silently lose a schema that records on other topics refer to.
            throw new IllegalStateException("Unreadable record at offset " + record.offset() + " of schema registry topic '"
                    + topic + "': " + e.getMessage(), e);
        }
    }

    private void requireStarted() {
        if (consumer == null) {
            throw new IllegalStateException("KafkaSchemaStore for topic '" + topic + "' used before start()");
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
        if (consumer != null) {
            consumer.close();
            consumer = null;
        }
    }
}
