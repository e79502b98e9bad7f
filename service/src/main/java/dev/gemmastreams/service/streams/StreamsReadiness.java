package dev.gemmastreams.service.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;

/**
 * Readiness of one Kafka Streams instance in a fleet. Every instance rebalances whenever another one joins or
 * leaves; taking them all out of service at once for that would empty the load balancer on every rebalance. So
 * once an instance has been RUNNING, a rebalance keeps it in service (its queries answer or say when to retry);
 * only starting, stopping, an error or no live stream thread take it out.
 */
public final class StreamsReadiness {

    private StreamsReadiness() {
    }

    /**
     * @param state           the instance's state, null when it is not created (yet or any more)
     * @param hasBeenRunning  whether it has been RUNNING since it started
     * @param liveThreads     stream threads neither dead nor shutting down
     */
    public static Health of(KafkaStreams.State state, boolean hasBeenRunning, int liveThreads) {
        if (state == null) {
            return Health.outOfService().withDetail("state", "NOT_STARTED").build();
        }
        Health.Builder builder = switch (state) {
            case RUNNING -> liveThreads > 0 ? Health.up() : Health.down();
            case REBALANCING -> !hasBeenRunning ? Health.outOfService() : liveThreads > 0 ? Health.up() : Health.down();
            case PENDING_ERROR, ERROR -> Health.down();
            case CREATED, PENDING_SHUTDOWN, NOT_RUNNING -> Health.outOfService();
        };
        return builder.withDetail("state", state.name()).withDetail("liveStreamThreads", liveThreads)
                .withDetail("hasBeenRunning", hasBeenRunning).build();
    }
}
