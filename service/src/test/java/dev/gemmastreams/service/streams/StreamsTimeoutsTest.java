package dev.gemmastreams.service.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Kafka Streams' timeouts follow from how long a record may spend on the model, capped for a quick recovery. */
class StreamsTimeoutsTest {

    private final StreamsTimeouts timeouts = StreamsTimeouts.of(Duration.ofMinutes(5), 3, 3, 6);

    @Test
    void aRecordMayTakeEveryTryOfEveryCall() {
        assertThat(timeouts.maxRecordTime()).isEqualTo(Duration.ofMinutes(45));
    }

    @Test
    void thePollIntervalCoversARecordPerTaskAndTheTransactionOneRecordWithAMargin() {
        assertThat(timeouts.pollInterval()).isEqualTo(Duration.ofMinutes(45 * 6 + 1));
        assertThat(timeouts.transactionTimeout()).isEqualTo(Duration.ofMinutes(46));
        assertThat(timeouts.capped()).isFalse();
    }

    @Test
    void theStreamsConfigCarriesThemAndFetchesOneRecordPerPoll() {
        Map<String, Object> config = timeouts.streamsConfig();

        assertThat(config).containsEntry("consumer.max.poll.interval.ms", (int) Duration.ofMinutes(271).toMillis())
                .containsEntry("producer.transaction.timeout.ms", (int) Duration.ofMinutes(46).toMillis())
                .containsEntry("main.consumer.max.poll.records", 1);
    }

    @Test
    void capsBoundWhatTheModelWouldNeed() {
        StreamsTimeouts capped = timeouts.cappedAt(Duration.ofMinutes(5), Duration.ofMinutes(3));

        assertThat(capped.streamsConfig())
                .containsEntry("consumer.max.poll.interval.ms", (int) Duration.ofMinutes(5).toMillis())
                .containsEntry("producer.transaction.timeout.ms", (int) Duration.ofMinutes(3).toMillis());
        assertThat(capped.capped()).isTrue();
    }

    @Test
    void withoutAPollIntervalCapTheRoundIsCoveredWhileTheTransactionIsCapped() {
        StreamsTimeouts defaults = timeouts.cappedAt(null, Duration.ofMinutes(5));

        assertThat(defaults.pollInterval()).isEqualTo(Duration.ofMinutes(45 * 6 + 1));
        assertThat(defaults.transactionTimeout()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void capsAboveTheNeedChangeNothing() {
        StreamsTimeouts quick = StreamsTimeouts.of(Duration.ofSeconds(10), 1, 3, 1)
                .cappedAt(Duration.ofMinutes(5), Duration.ofMinutes(5));

        assertThat(quick.pollInterval()).isEqualTo(Duration.ofSeconds(90));
        assertThat(quick.transactionTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(quick.capped()).isFalse();
    }

    @Test
    void hugeBudgetsAreClampedToWhatKafkaAccepts() {
        StreamsTimeouts huge = StreamsTimeouts.of(Duration.ofDays(30), 10, 10, 100);

        assertThat(huge.streamsConfig()).containsEntry("consumer.max.poll.interval.ms", Integer.MAX_VALUE);
    }
}
