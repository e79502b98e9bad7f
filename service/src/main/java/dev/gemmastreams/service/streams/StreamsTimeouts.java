package dev.gemmastreams.service.streams;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Kafka Streams' timeouts sized from how long one record may take, since a record may wait on the model for
 * minutes: far past the defaults (5 min poll interval; 10 s transaction timeout under exactly-once).
 *
 * <p>A stream thread polls between processing rounds. A round processes what its tasks have buffered, up to a
 * number of records per task that Kafka Streams grows while rounds are fast; fetching one record per poll keeps
 * a round to about one record per task, so the poll interval must cover a record per task. Under exactly-once a
 * transaction stays open from the first output of a round to its commit, so it must cover the same. Heartbeats
 * run on their own thread: session timeouts do not depend on model time.
 */
public record StreamsTimeouts(Duration maxRecordTime, int tasksPerThread) {

    /** Time for everything that is not the model: fetches, commits, state-store writes. */
    static final Duration MARGIN = Duration.ofMinutes(1);

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
        return new StreamsTimeouts(modelTimeout.multipliedBy((long) attempts * callsPerRecord), tasksPerThread);
    }

    public Duration pollInterval() {
        return maxRecordTime.multipliedBy(tasksPerThread).plus(MARGIN);
    }

    public Duration transactionTimeout() {
        return pollInterval();
    }

    public Map<String, Object> streamsConfig() {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, pollInterval().toMillis()));
        config.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG),
                (int) Math.min(Integer.MAX_VALUE, transactionTimeout().toMillis()));
        // A fast burst (cache hits, dead letters) must not let one round gather several slow records.
        config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 1);
        return config;
    }
}
