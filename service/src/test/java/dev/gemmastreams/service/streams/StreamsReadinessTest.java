package dev.gemmastreams.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Status;

/** In a fleet every instance rebalances whenever one joins or leaves: that must not take them out of service. */
class StreamsReadinessTest {

    @Test
    void runningIsUp() {
        assertThat(StreamsReadiness.of(State.RUNNING, true, 1).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void aRebalanceAfterTheFirstRunningStaysUp() {
        assertThat(StreamsReadiness.of(State.REBALANCING, true, 1).getStatus()).isEqualTo(Status.UP);
    }

    @Test
    void theFirstRebalanceOfAStartingInstanceIsOutOfService() {
        assertThat(StreamsReadiness.of(State.REBALANCING, false, 1).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void noLiveStreamThreadIsDown() {
        assertThat(StreamsReadiness.of(State.REBALANCING, true, 0).getStatus()).isEqualTo(Status.DOWN);
        assertThat(StreamsReadiness.of(State.RUNNING, true, 0).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void anErrorIsDown() {
        assertThat(StreamsReadiness.of(State.PENDING_ERROR, true, 1).getStatus()).isEqualTo(Status.DOWN);
        assertThat(StreamsReadiness.of(State.ERROR, true, 0).getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void shuttingDownIsOutOfService() {
        assertThat(StreamsReadiness.of(State.PENDING_SHUTDOWN, true, 1).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(StreamsReadiness.of(State.NOT_RUNNING, true, 0).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }

    @Test
    void notStartedIsOutOfService() {
        assertThat(StreamsReadiness.of(null, false, 0).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
        assertThat(StreamsReadiness.of(State.CREATED, false, 0).getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
    }
}
