package dev.gemmastreams.service.streams;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams' timeouts sized from how long one record may take, since a record may wait on the model for
 * minutes: far past the defaults (5 min poll interval; 10 s transaction timeout under exactly-once), then capped so
 * that a fleet recovers quickly.
 *
 * <p>A stream thread polls between processing rounds, fetching one record per poll, so a round processes about one
 * record (at most one per task, should records have piled up). The poll interval covers a record per task. Under
 * exactly-once a transaction stays open from the first output of a round to its commit: usually one record's,
 * but not always (below).
 *
 * <p>The transaction timeout is capped: an instance that dies with a transaction open holds back every
 * read_committed consumer of the output partitions until the transaction times out. The cap must still cover a
 * round's model calls: a round may process a fast record of one task (its output opens the transaction) and then a
 * slow one of another, and a transaction the broker aborts is redone. The poll interval is capped only when asked
 * ({@code streams.max-poll-interval}): when the model is the bottleneck its stream threads share it, so every
 * round takes about as long as the batch's slowest record (8 stream threads on gemma-2-2b, 2 cores: over 5 minutes).
 * A thread whose round outlasts the poll interval is dropped from the group and its round redone, so a cap under
 * the rounds' real length redoes every round and nothing commits. Under Kafka's classic rebalance protocol the poll
 * interval is also how long a rebalance waits for a member to rejoin: a busy member rejoins when its round ends,
 * which the model's own timeouts bound. Heartbeats run on their own thread: session timeouts do not depend on
 * model time.
 */
public record StreamsTimeouts(Duration maxRecordTime, int tasksPerThread, Duration maxPollInterval,
                              Duration maxTransactionTimeout) {

    /** Time for everything that is not the model: fetches, commits, state-store writes. */
    static final Duration MARGIN = Duration.ofMinutes(1);
    private static final Duration UNCAPPED = Duration.ofMillis(Integer.MAX_VALUE);

    public StreamsTimeouts {
        if (tasksPerThread < 1) {
            throw new IllegalArgumentException("tasksPerThread must be at least 1, was " + tasksPerThread);
        }
    }

    /**
     * @param modelTimeout  the longest one model call may take (queue time included)
     * @param attempts      tries of a failing model call
     * @param callsPerRecord model calls one record may need (input safety, parts, combining, output safety)
     */
    public static StreamsTimeouts of(Duration modelTimeout, int attempts, int callsPerRecord, int tasksPerThread) {
        return new StreamsTimeouts(modelTimeout.multipliedBy((long) attempts * callsPerRecord), tasksPerThread,
                UNCAPPED, UNCAPPED);
    }

    /** Caps; a null poll interval means none. */
    public StreamsTimeouts cappedAt(Duration pollInterval, Duration transactionTimeout) {
        return new StreamsTimeouts(maxRecordTime, tasksPerThread, pollInterval != null ? pollInterval : UNCAPPED,
                transactionTimeout);
    }

    /** What a round may need: a record per task. */
    public Duration neededPollInterval() {
        return maxRecordTime.multipliedBy(tasksPerThread).plus(MARGIN);
    }

    /** What one record may need. */
    public Duration neededTransactionTimeout() {
        return maxRecordTime.plus(MARGIN);
    }

    public Duration pollInterval() {
        return min(neededPollInterval(), maxPollInterval);
    }

    public Duration transactionTimeout() {
        return min(neededTransactionTimeout(), maxTransactionTimeout);
    }

    /** True when a cap cut what the model may need: slow rounds past it are processed again. */
    public boolean capped() {
        return pollInterval().compareTo(neededPollInterval()) < 0
                || transactionTimeout().compareTo(neededTransactionTimeout()) < 0;
    }

    public Map<String, Object> streamsConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), millis(pollInterval()));
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                millis(transactionTimeout()));
        // A fast burst (cache hits, dead letters) must not let one round gather several slow records.
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1);
        return config;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    private static int millis(Duration d) {
        return (int) Math.min(Integer.MAX_VALUE, d.toMillis());
    }
}
