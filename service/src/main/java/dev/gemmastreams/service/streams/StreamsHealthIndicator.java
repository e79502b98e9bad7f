package dev.gemmastreams.service.streams;

import org.apache.kafka.streams.KafkaStreams;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** Part of the readiness group; what counts as ready is {@link StreamsReadiness}'s call. */
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
            return StreamsReadiness.of(null, false, 0);
        }
        int liveThreads = (int) streams.metadataForLocalThreads().stream()
                .filter(t -> !"DEAD".equals(t.threadState()) && !"PENDING_SHUTDOWN".equals(t.threadState()))
                .count();
        return StreamsReadiness.of(streams.state(), service.hasBeenRunning(), liveThreads);
    }
}
