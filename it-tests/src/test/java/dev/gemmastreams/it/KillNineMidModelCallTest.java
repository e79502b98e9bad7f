package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import dev.gemmastreams.avro.Document;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §4 / issue 4 item 5: {@code kill -9} of the service in the middle of a model call, then a restart with
 * the same state folder and instance id, five times over: every input still has exactly one outcome (a summary or a
 * dead letter) as a read_committed consumer sees it. None lost, none twice.
 *
 * <p>"In the middle of a model call" is read from the service's own counters: a summary cache miss is counted just
 * before the model is called and a result just after it returns (safety is off, so the summary is the only model
 * call), so more misses than results means the model is generating. The kill comes once that has lasted
 * {@link #INTO_THE_CALL}; calls take several seconds, so the model is still busy.
 */
class KillNineMidModelCallTest {

    private static final Logger log = LoggerFactory.getLogger(KillNineMidModelCallTest.class);

    static final int CYCLES = 5;
    /** A few seconds of generation per summary here: time to kill in the middle, little to wait for. */
    static final int SUMMARY_TOKENS = 300;
    static final Duration INTO_THE_CALL = Duration.ofMillis(1_000);
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void killNineMidModelCallThenRestartLeavesEveryInputExactlyOneCommittedOutcome() throws Exception {
        Instant began = Instant.now();
        List<String> documents = Stream.iterate(0, i -> i + 1).limit(8).map(i -> "crash-doc-" + i).toList();
        List<String> invalid = List.of("crash-empty-0", "crash-empty-1");
        List<String> inputs = Stream.concat(documents.stream(), invalid.stream()).toList();

        try (BrokerUnderTest broker = BrokerUnderTest.start();
             CommittedResults results = new CommittedResults(broker.bootstrapServers(),
                     CommittedResults.SUMMARIES, CommittedResults.DEAD_LETTERS)) {
            String[] args = {
                    "--gemma-streams.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                    "--gemma-streams.topics.partitions=2",
                    "--gemma-streams.streams.state-dir=" + work.resolve("streams"),
                    "--gemma-streams.streams.instance-id=kill-nine-it",
                    "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                    "--gemma-streams.model.max-summary-tokens=" + SUMMARY_TOKENS,
                    "--gemma-streams.safety.enabled=false"};
            ServiceProcess service = ServiceProcess.start(work, args);
            List<ServiceProcess> started = new ArrayList<>(List.of(service));
            try {
                service.awaitReady(START);
                try (KafkaProducer<String, Document> producer =
                             CommittedResults.documentProducer(broker.bootstrapServers(), service)) {
                    for (int i = 0; i < documents.size(); i++) {
                        CommittedResults.publish(producer, i % 2, documents.get(i), "Document " + i
                                + " is summarized while the service is killed and restarted around it.");
                        if (i == 2 || i == 5) {
                            String empty = invalid.get(i == 2 ? 0 : 1);
                            CommittedResults.publish(producer, i % 2, empty, " ");
                        }
                    }
                }

                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    // Odd cycles kill the first call of the new process that lasts long enough (a document the
                    // model finishes early is let through), even cycles one after this process has published a result.
                    int resultsFirst = cycle % 2 == 0 ? 1 : 0;
                    ModelCallWatch watch = new ModelCallWatch(service, resultsFirst);
                    await("cycle " + cycle + ": a model call in progress for " + INTO_THE_CALL)
                            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .failFast("the service died", () -> !watch.service.isAlive())
                            .until(watch::inTheMiddleOfACall);
                    service.kill();
                    results.awaitKeys(inputs, Duration.ZERO);
                    log.info("Cycle {}: kill -9 of pid {} {} ms into model call #{} of that process "
                                    + "({} results published by it); committed outcomes so far: {} of {}",
                            cycle, service.pid(), watch.millisIntoCall(), watch.call, watch.results,
                            results.keys().size(), inputs.size());

                    Instant restart = Instant.now();
                    service = ServiceProcess.start(work, args);
                    started.add(service);
                    service.awaitReady(START);
                    Duration ready = Duration.between(restart, Instant.now());
                    ServiceProcess current = service;
                    await("cycle " + cycle + ": the restarted service calls the model")
                            .atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(100))
                            .until(() -> CommittedResults.counter(current, "gemma_streams_cache_lookups_total",
                                    "kind=\"summary\"") >= 1 || results.awaitKeys(inputs, Duration.ZERO));
                    Duration processing = Duration.between(restart, Instant.now());
                    log.info("Cycle {}: restarted as pid {}: rejoined the group in {} ms, ready after {} ms, "
                                    + "calling the model after {} ms", cycle, service.pid(), rejoin(service),
                            ready.toMillis(), processing.toMillis());
                }

                assertThat(results.awaitKeys(inputs, Duration.ofMinutes(3)))
                        .as("an outcome for every input after the last restart; have %s; service log:%n%s",
                                results.keys(), service.log())
                        .isTrue();
                // Stopped, the service has no transaction open: what read_committed shows now is final.
                assertThat(service.terminate(Duration.ofSeconds(60))).as(service.log()).isIn(0, 143);
                results.readToEnd(Duration.ofSeconds(30));
            } finally {
                started.forEach(ServiceProcess::close);
            }

            Map<String, List<String>> outcomes = results.topicsByKey();
            log.info("Committed outcomes per input: {}", outcomes);
            Map<String, List<String>> expected = inputs.stream().collect(Collectors.toMap(id -> id,
                    id -> List.of(invalid.contains(id) ? CommittedResults.DEAD_LETTERS : CommittedResults.SUMMARIES)));
            assertThat(outcomes).as("exactly one committed outcome per input, on the right topic")
                    .isEqualTo(expected);
            log.info("Kill -9 test took {} s", Duration.between(began, Instant.now()).toSeconds());
        }
    }

    /** Kafka Streams' REBALANCING -> RUNNING time at the service's start, as it logged it (ms, or "?"). */
    private static String rejoin(ServiceProcess service) {
        var joining = service.loggedAt("Kafka Streams state CREATED -> REBALANCING");
        var running = service.loggedAt("Kafka Streams state REBALANCING -> RUNNING");
        return joining.isPresent() && running.isPresent()
                ? String.valueOf(Duration.between(joining.get(), running.get()).toMillis()) : "?";
    }

    /**
     * Watches one service process's counters for a summary model call in progress (a cache miss not yet followed by
     * a result) that has lasted {@link #INTO_THE_CALL}, after at least {@code resultsFirst} results.
     */
    private static final class ModelCallWatch {
        final ServiceProcess service;
        final int resultsFirst;
        long call = -1;
        long results;
        Instant since;

        ModelCallWatch(ServiceProcess service, int resultsFirst) {
            this.service = service;
            this.resultsFirst = resultsFirst;
        }

        boolean inTheMiddleOfACall() {
            long misses = (long) CommittedResults.counter(service, "gemma_streams_cache_lookups_total",
                    "kind=\"summary\"", "result=\"miss\"");
            results = (long) CommittedResults.counter(service, "gemma_streams_results_total", "kind=\"summary\"");
            if (misses <= results || results < resultsFirst) {
                call = -1;
                return false;
            }
            if (misses != call) {
                call = misses;
                since = Instant.now();
                return false;
            }
            return Duration.between(since, Instant.now()).compareTo(INTO_THE_CALL) >= 0;
        }

        long millisIntoCall() {
            return Duration.between(since, Instant.now()).toMillis();
        }
    }
}
