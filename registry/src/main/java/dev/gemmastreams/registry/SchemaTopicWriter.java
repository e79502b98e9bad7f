package dev.gemmastreams.registry;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongConsumer;
import java.util.function.Supplier;

import dev.gemmastreams.registry.SchemaStore.Decision;

/**
 * Appends to the registry topic so that, across every instance serving the same topic, ids and versions never
 * collide: one writer at a time, elected by Kafka itself.
 * <p>
 * All instances use the same {@code transactional.id} (derived from the topic name). Kafka lets only the producer
 * that registered that id last (the highest epoch) complete a transaction; every older one is fenced. A write
 * therefore goes: be the current producer (initTransactions, which also finishes any transaction a previous
 * holder left open), read the topic up to its last committed offset, decide the ids and versions on that fresh
 * state, and commit them in one transaction. If another instance took over in between, our commit is refused
 * ({@link ProducerFencedException}) and nothing of it becomes visible; we take over again, read what the other
 * wrote, and decide once more. Committed records thus always come from a writer that had read every earlier one.
 * <p>
 * This was chosen over claims in the log (first claim of an id wins, losers retry): in a compacted topic keyed by
 * subject and version, a losing claim for the same version would replace the winning one once compaction runs,
 * whereas here a losing write never reaches the log. The price, one transaction per registration, is small for
 * how rarely schemas are registered (clients cache ids).
 */
final class SchemaTopicWriter implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SchemaTopicWriter.class);

    private final Map<String, Object> producerConfig;
    private final String topic;
    private final Duration timeout;
    private KafkaProducer<byte[], byte[]> producer;

    SchemaTopicWriter(Map<String, Object> clientConfig, String topic, Duration timeout) {
        this.topic = topic;
        this.timeout = timeout;
        int timeoutMs = (int) Math.max(timeout.toMillis(), 1000);
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "gemma-streams-registry-" + topic);
        // A writer that dies mid-write holds back committed readers until this passes: keep it short.
        config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeoutMs);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        this.producerConfig = Map.copyOf(config);
    }

    /**
     * Appends what {@code decide} returns, deciding again if another instance wrote meanwhile.
     *
     * @param catchUp  reads the topic up to its last committed offset into the state {@code decide} looks at
     * @param readBack waits until the state holds every record before the given offset; a commit's markers reach
     *                 the partition a moment after the commit returns, so the next catch-up could miss our own write
     * @return the decision's answer
     */
    synchronized <T> T write(Runnable catchUp, Supplier<Decision<T>> decide, LongConsumer readBack) {
        long deadline = System.nanoTime() + 3 * timeout.toNanos();
        int attempt = 0;
        while (true) {
            attempt++;
            try {
                becomeWriter();
                catchUp.run();
                Decision<T> decision = decide.get();
                if (!decision.records().isEmpty()) {
                    readBack.accept(append(decision.records()));
                }
                return decision.answer();
            } catch (ProducerFencedException | InvalidProducerEpochException e) {
                // Another instance wrote since we became the writer: our records were discarded.
                log.debug("Schema registry writer for '{}' was fenced (attempt {}), deciding again", topic, attempt);
                discardProducer();
            } catch (KafkaException e) {
                discardProducer();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Writing to schema registry topic '" + topic + "' failed: " + e, e);
                }
                log.warn("Writing to schema registry topic '{}' failed (attempt {}), trying again: {}", topic, attempt, e.toString());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not write to schema registry topic '" + topic + "' within "
                        + timeout.multipliedBy(3) + ": other instances kept writing (" + attempt + " attempts)");
            }
            pause(attempt);
        }
    }

    private void becomeWriter() {
        if (producer == null) {
            KafkaProducer<byte[], byte[]> created = new KafkaProducer<>(producerConfig);
            try {
                created.initTransactions();
            } catch (RuntimeException e) {
                created.close(Duration.ZERO);
                throw e;
            }
            producer = created;
        }
    }

    private long append(List<StoreRecord> records) {
        producer.beginTransaction();
        RecordMetadata last = null;
        try {
            for (StoreRecord record : records) {
                StoreCodec.KeyValue keyValue = StoreCodec.encode(record);
                last = producer.send(new ProducerRecord<>(topic, 0, keyValue.key(), keyValue.value()))
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof KafkaException kafka ? kafka : new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaException("Kafka did not confirm a write within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("Interrupted while writing", e);
        }
        producer.commitTransaction();
        return last.offset() + 1;
    }

    private void discardProducer() {
        if (producer != null) {
            producer.close(Duration.ZERO);
            producer = null;
        }
    }

    /** Random and growing, so instances that keep fencing each other fall out of step. */
    private static void pause(int attempt) {
        long ceiling = Math.min(1000, 20L << Math.min(attempt, 6));
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, ceiling));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to write to the schema registry topic", e);
        }
    }

    @Override
    public synchronized void close() {
        if (producer != null) {
            producer.close(timeout);
            producer = null;
        }
    }
}
