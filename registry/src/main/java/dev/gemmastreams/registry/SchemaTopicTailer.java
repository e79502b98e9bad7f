package dev.gemmastreams.registry;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads the registry topic from the beginning and then keeps reading it for as long as the store runs, so every
 * instance serving the registry learns of schemas the others register without writing anything itself.
 * Reads only committed records: the writers append in transactions (see {@link SchemaTopicWriter}).
 */
final class SchemaTopicTailer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaTopicTailer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration RETRY_AFTER_ERROR = Duration.ofSeconds(1);

    private final String topic;
    private final TopicPartition partition;
    private final SchemaRegistryState state;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Thread thread;
    private final Object progress = new Object();
    private long position;
    private RuntimeException failure;
    private volatile boolean closing;

    SchemaTopicTailer(Map<String, Object> clientConfig, String topic, SchemaRegistryState state) {
        this.topic = topic;
        this.partition = new TopicPartition(topic, 0);
        this.state = state;
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString().toLowerCase(Locale.ROOT));
        this.consumer = new KafkaConsumer<>(config);
        this.thread = new Thread(this::run, "schema-registry-tailer-" + topic);
        this.thread.setDaemon(true);
    }

    /** Starts reading from the beginning of the topic, in the background. */
    void start() {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        thread.start();
    }

    /**
     * Waits until every record before {@code offset} is applied to the state.
     *
     * @throws IllegalStateException if that takes longer than {@code timeout}, or the topic holds a record that
     *                               cannot be read
     */
    void awaitPosition(long offset, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (progress) {
            while (position < offset) {
                if (failure != null) {
                    throw failure;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || closing) {
                    throw new IllegalStateException("Could not read schema registry topic '" + topic + "' to offset "
                            + offset + " within " + timeout + " (at " + position + ")");
                }
                try {
                    progress.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("Interrupted while reading schema registry topic '" + topic + "'", e);
                }
            }
        }
    }

    private void run() {
        while (!closing) {
            try {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    if (record.key() != null) {
                        apply(record);
                    }
                }
                advanceTo(consumer.position(partition));
            } catch (WakeupException e) {
                // close() is stopping us
            } catch (UnreadableRecordException e) {
                // Skipping it could silently lose a schema that records on other topics refer to.
                log.error("Schema registry stops reading topic '{}': {}", topic, e.getMessage());
                fail(e);
                return;
            } catch (KafkaException e) {
                log.warn("Reading schema registry topic '{}' failed, trying again: {}", topic, e.toString());
                sleep(RETRY_AFTER_ERROR);
            }
        }
    }

    private void apply(ConsumerRecord<byte[], byte[]> record) {
        try {
            StoreCodec.decode(record.key(), record.value()).ifPresent(state::apply);
        } catch (RuntimeException e) {
            throw new UnreadableRecordException("Unreadable record at offset " + record.offset()
                    + " of schema registry topic '" + topic + "': " + e.getMessage(), e);
        }
    }

    private void advanceTo(long offset) {
        synchronized (progress) {
            position = offset;
            progress.notifyAll();
        }
    }

    private void fail(UnreadableRecordException e) {
        synchronized (progress) {
            failure = new IllegalStateException(e.getMessage(), e);
            progress.notifyAll();
        }
    }

    private void sleep(Duration pause) {
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closing = true;
        }
    }

    @Override
    public void close() {
        closing = true;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (progress) {
            progress.notifyAll();
        }
        if (!thread.isAlive()) {
            consumer.close();
        }
    }

    private static final class UnreadableRecordException extends RuntimeException {
        UnreadableRecordException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
