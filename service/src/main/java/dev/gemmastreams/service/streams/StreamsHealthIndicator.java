package dev.gemmastreams.service.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP only while Kafka Streams is RUNNING; part of the readiness group, so a rebalancing instance takes no traffic. */
@Component("streams")
public class StreamsHealthIndicator implements HealthIndicator {

    private final StreamsService service;

    public StreamsHealthIndicator(StreamsService service) {
        this.service = service;
    }

    @Override
    public Health health() {
        KafkaStreams streams = service.streams();
        if (streams == null) {
            return Health.outOfService().withDetail("state", "NOT_STARTED").build();
        }
        KafkaStreams.State state = streams.state();
        Health.Builder builder = state == KafkaStreams.State.RUNNING ? Health.up() : Health.outOfService();
        return builder.withDetail("state", state.name()).build();
    }
}
