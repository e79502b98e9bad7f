package dev.gemmastreams.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Keeps the registry in a compacted, single-partition Kafka topic so ids and versions survive restarts and are
 * shared by every instance serving the same topic: {@link #start()} replays the topic into memory and keeps
 * following it ({@link SchemaTopicTailer}); {@link #write} appends as the topic's only writer of the moment
 * ({@link SchemaTopicWriter}) and answers once the records are read back, so nothing is ever answered that is not
 * stored.
 */
public class KafkaSchemaStore implements SchemaStore, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);

    private final Map<String, Object> kafkaClientConfig;
    private final String topic;
    private final Duration timeout;
    private final TopicPartition partition;
    private final SchemaRegistryState state = new SchemaRegistryState();
    private Admin admin;
    private SchemaTopicTailer tailer;
    private SchemaTopicWriter writer;

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
        if (tailer != null) {
            return;
        }
        admin = Admin.create(clientConfig("admin"));
        SchemaTopic.ensure(admin, topic, timeout);
        tailer = new SchemaTopicTailer(clientConfig("reader"), topic, state);
        writer = new SchemaTopicWriter(clientConfig("writer"), topic, timeout);
        tailer.start();
        catchUp();
        log.info("Schema registry store read topic '{}' ({} subject(s)) and keeps following it", topic, state.subjects().size());
    }

    private Map<String, Object> clientConfig(String role) {
        Map<String, Object> config = new HashMap<>(kafkaClientConfig);
        config.put("client.id", "gemma-streams-registry-" + role);
        return config;
    }

    @Override
    public SchemaRegistryState state() {
        return state;
    }

    @Override
    public void catchUp() {
        requireStarted();
        tailer.awaitPosition(lastCommittedOffset(), timeout);
    }

    @Override
    public <T> T write(Supplier<Decision<T>> decide) {
        requireStarted();
        return writer.write(this::catchUp, decide, end -> tailer.awaitPosition(end, timeout));
    }

    /** The end of what committed readers may see (the last stable offset). */
    private long lastCommittedOffset() {
        try {
            return admin.listOffsets(Map.of(partition, OffsetSpec.latest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                    .partitionResult(partition).get(timeout.toMillis(), TimeUnit.MILLISECONDS).offset();
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot find the end of schema registry topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not tell the end of schema registry topic '" + topic + "' within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading schema registry topic '" + topic + "'", e);
        }
    }

    private synchronized void requireStarted() {
        if (tailer == null) {
            throw new IllegalStateException("KafkaSchemaStore for topic '" + topic + "' used before start()");
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            writer.close();
            writer = null;
        }
        if (tailer != null) {
            tailer.close();
            tailer = null;
        }
        if (admin != null) {
            admin.close(timeout);
            admin = null;
        }
    }
}
