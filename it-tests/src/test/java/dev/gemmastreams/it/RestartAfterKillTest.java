package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import dev.gemmastreams.avro.Document;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §4 / issue 4 item 5: after {@code kill -9} (no leave-group, no commit) a restarted instance is processing
 * again at once. With static membership (the same {@code group.instance.id}) it takes its partitions straight back;
 * without, the group would wait for the dead member's session to expire (30 s, the service's default session timeout)
 * before assigning anything, so a result within {@link #BOUND} of the restart proves the point.
 *
 * <p>Two figures are bounded: the group rejoin as the restarted service logs it (Kafka Streams REBALANCING to
 * RUNNING, under {@link #REJOIN_BOUND}), and the time from launching the new JVM to the next committed result, which
 * includes that JVM's whole start (Spring, the model, the registry, restoring state after the unclean stop), under
 * {@link #BOUND}. Without static membership each would wait out the 30 s session.
 */
class RestartAfterKillTest {

    private static final Logger log = LoggerFactory.getLogger(RestartAfterKillTest.class);

    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(30);
    /** From launching the new JVM (its own start is 10-15 s here) to the next committed result. */
    static final Duration BOUND = Duration.ofSeconds(30);
    /** From Kafka Streams starting to RUNNING with the partitions back: the "within 10 s". */
    static final Duration REJOIN_BOUND = Duration.ofSeconds(10);
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void aRestartedInstanceProcessesAgainLongBeforeTheSessionTimeout() throws Exception {
        Instant began = Instant.now();
        try (BrokerUnderTest broker = BrokerUnderTest.start();
             CommittedResults results = new CommittedResults(broker.bootstrapServers(), CommittedResults.SUMMARIES)) {
            String[] args = {
                    "--gemma-streams.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--gemma-streams.topics.partitions=2",
                    "--gemma-streams.streams.state-dir=" + work.resolve("streams"),
                    "--gemma-streams.streams.instance-id=restart-it",
                    "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                    "--gemma-streams.model.max-summary-tokens=4",
                    "--gemma-streams.safety.enabled=false"};
            Duration rejoin;
            Duration toResult;
            try (ServiceProcess first = ServiceProcess.start(work, args);
                 KafkaProducer<String, Document> producer =
                         CommittedResults.documentProducer(broker.bootstrapServers(), first)) {
                first.awaitReady(START);
                CommittedResults.publish(producer, 0, "before-kill", "Processed by the first instance.");
                assertThat(results.awaitKeys(List.of("before-kill"), Duration.ofSeconds(60)))
                        .as("the first instance works:%n%s", first.log()).isTrue();

                first.kill();
                // Waiting for the restarted instance, on the partition the dead one owned.
                CommittedResults.publish(producer, 1, "after-restart", "Processed by the restarted instance.");

                Instant restart = Instant.now();
                try (ServiceProcess restarted = ServiceProcess.start(work, args)) {
                    Instant ready = null;
                    boolean done = false;
                    Instant deadline = restart.plus(SESSION_TIMEOUT).plus(START);
                    while (!done && Instant.now().isBefore(deadline)) {
                        if (ready == null && restarted.status("/actuator/health/readiness") == 200) {
                            ready = Instant.now();
                        }
                        done = results.awaitKeys(List.of("after-restart"), Duration.ofMillis(200));
                    }
                    Instant result = Instant.now();
                    assertThat(done).as("the restarted instance summarized a document:%n%s", restarted.log()).isTrue();
                    // Tasks process as soon as they are restored, so the result may come before the instance as a
                    // whole logs RUNNING.
                    Instant joining = restarted.loggedAt("Kafka Streams state CREATED -> REBALANCING").orElseThrow();
                    Instant running = await("the restarted instance RUNNING").atMost(Duration.ofSeconds(60))
                            .until(() -> restarted.loggedAt("Kafka Streams state REBALANCING -> RUNNING"),
                                    Optional::isPresent).orElseThrow();
                    rejoin = Duration.between(joining, running);
                    toResult = Duration.between(restart, result);
                    log.info("Restart after kill -9: streams started {} ms after the launch, rejoined the group "
                                    + "(REBALANCING -> RUNNING) in {} ms, ready after {} ms, first committed result "
                                    + "after {} ms (ready to result {} ms)",
                            Duration.between(restart, joining).toMillis(), rejoin.toMillis(),
                            ready == null ? "?" : Duration.between(restart, ready).toMillis(), toResult.toMillis(),
                            ready == null ? "?" : Duration.between(ready, result).toMillis());
                    restarted.terminate(Duration.ofSeconds(60));
                }
            }
            assertThat(rejoin).as("the restarted instance's rejoin (REBALANCING -> RUNNING), with a %s session "
                    + "timeout", SESSION_TIMEOUT).isLessThan(REJOIN_BOUND);
            assertThat(toResult).as("restart (new JVM launched) to the next committed result, with a %s session "
                    + "timeout", SESSION_TIMEOUT).isLessThan(BOUND);
            log.info("Restart test took {} s", Duration.between(began, Instant.now()).toSeconds());
        }
    }
}
