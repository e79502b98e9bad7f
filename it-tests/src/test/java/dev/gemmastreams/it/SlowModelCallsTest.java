package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Summary;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * DESIGN §4 / issue 4 item 5: a model call far longer than Kafka's defaults allow (under exactly-once the
 * transaction timeout is 10 s) does not make the service rebalance, get fenced or publish a summary twice, because
 * the service sizes its poll interval and transaction timeout from the model limits.
 *
 * <p>The model is the real demo model doing real greedy generation; {@link #SUMMARY_TOKENS} makes each summary
 * take 15 s or more here, and the test checks that premise on every summary's own timings. Documents arrive while a
 * model call runs, over two partitions, so records wait behind slow ones. (The service fetches one record per poll,
 * so a processing round, and the transaction it opens, holds one model call per task; before that setting, two slow
 * records could share one transaction, and with Kafka's default 10 s transaction timeout the broker aborted it, the
 * producer was fenced and the instance rebalanced.)
 */
class SlowModelCallsTest {

    private static final Logger log = LoggerFactory.getLogger(SlowModelCallsTest.class);

    /** Longer than Kafka Streams' 10 s transaction timeout under exactly-once (and its cleanup interval). */
    static final Duration LONGER_THAN_DEFAULTS = Duration.ofSeconds(15);
    /**
     * Tokens per summary: a lone call of the demo model decoded up to 265 tokens/s on these machines (3000 tokens in
     * 11.4 s on CI), two batched calls ~135 tokens/s each, so a summary takes 22 s or more. The context (8192) bounds it.
     */
    static final int SUMMARY_TOKENS = 6000;
    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void modelCallsLongerThanKafkasDefaultsCauseNoRebalanceNoFencingAndNoDuplicate() throws Exception {
        // Three documents in a row, over both partitions: p0, p1, p0.
        Map<String, Integer> partitionOf = Map.of("slow-0", 0, "slow-1", 1, "slow-2", 0);
        List<String> ids = List.of("slow-0", "slow-1", "slow-2");
        Instant began = Instant.now();
        int processingFrom;
        try (BrokerUnderTest broker = BrokerUnderTest.start();
             ServiceProcess service = ServiceProcess.start(work,
                     "--gemma-streams.kafka.bootstrap-servers=" + broker.bootstrapServers(),
                     "--gemma-streams.topics.partitions=2",
                     "--gemma-streams.streams.state-dir=" + work.resolve("streams"),
                     "--gemma-streams.streams.instance-id=slow-model-it",
                     "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                     "--gemma-streams.model.max-summary-tokens=" + SUMMARY_TOKENS)) {
            service.awaitReady(START);
            try (KafkaProducer<String, Document> producer =
                         CommittedResults.documentProducer(broker.bootstrapServers(), service)) {
                publish(producer, "slow-0", partitionOf);
                // The next two arrive while the model works on the first, after the consumer's prefetch has given
                // up waiting (fetch.max.wait.ms, 500 ms), so the next poll fetches both at once and the stream thread
                // processes them in one round, one transaction: the first one's output opens it, and it stays open
                // through the second one's whole model call.
                await("the first model call").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                        .until(() -> CommittedResults.counter(service, "gemma_streams_cache_lookups_total",
                                "kind=\"summary\"", "result=\"miss\"") >= 1);
                // From here on the model is busy: a rebalance now would be the slow calls' doing. (Before it, the
                // eight threads' first joins may still settle in a second rebalance at start.)
                processingFrom = service.log().length();
                await("the first model call, 1.5 s on").pollDelay(Duration.ofMillis(1_500))
                        .atMost(Duration.ofSeconds(10)).until(() -> CommittedResults.counter(service,
                                "gemma_streams_results_total", "kind=\"summary\"") == 0);
                publish(producer, "slow-1", partitionOf);
                publish(producer, "slow-2", partitionOf);
            }

            try (CommittedResults results =
                         new CommittedResults(broker.bootstrapServers(), CommittedResults.SUMMARIES)) {
                assertThat(results.awaitKeys(ids, Duration.ofMinutes(6)))
                        .as("a summary for each of %s; saw %s; service log:%n%s", ids, results.keys(), service.log())
                        .isTrue();
                Map<String, Summary> summaries = results.summaries();
                Map<String, Long> modelMillis = summaries.entrySet().stream().collect(Collectors.toMap(
                        Map.Entry::getKey, e -> e.getValue().getGeneration().getPrefillMillis()
                                + e.getValue().getGeneration().getDecodeMillis()));
                summaries.forEach((id, s) -> log.info("Summary of {}: {} tokens, model call {} ms (prefill {} ms, "
                                + "decode {} ms, queue {} ms)", id, s.getGeneration().getCompletionTokens(),
                        modelMillis.get(id), s.getGeneration().getPrefillMillis(), s.getGeneration().getDecodeMillis(),
                        s.getGeneration().getQueueMillis()));

                // Stopped, the service has no transaction open: what read_committed shows now is final.
                assertThat(service.terminate(Duration.ofSeconds(60))).as(service.log()).isIn(0, 143);
                results.readToEnd(Duration.ofSeconds(30));

                assertThat(modelMillis).as("the premise: every summary took the model %s or more", LONGER_THAN_DEFAULTS)
                        .allSatisfy((id, millis) -> assertThat(millis).isGreaterThanOrEqualTo(
                                LONGER_THAN_DEFAULTS.toMillis()));
                assertThat(results.countsByKey()).as("committed summaries per document")
                        .isEqualTo(ids.stream().collect(Collectors.toMap(id -> id, id -> 1L)));
            }

            String serviceLog = service.log();
            int firstRunning = serviceLog.indexOf("-> RUNNING");
            assertThat(firstRunning).as("the service reached RUNNING:%n%s", serviceLog).isNotNegative();
            assertThat(serviceLog.substring(Math.max(firstRunning, processingFrom)))
                    .as("no rebalance once the first model call ran:%n%s", serviceLog)
                    .doesNotContain("-> REBALANCING");
            assertThat(serviceLog.substring(firstRunning))
                    .as("no fencing after the first RUNNING:%n%s", serviceLog)
                    .doesNotContainIgnoringCase("fenced")
                    .doesNotContain("ProducerFencedException")
                    .doesNotContain("InvalidProducerEpoch");
            log.info("Slow model calls test took {} s", Duration.between(began, Instant.now()).toSeconds());
        }
    }

    private static void publish(KafkaProducer<String, Document> producer, String id, Map<String, Integer> partitionOf) {
        CommittedResults.publish(producer, partitionOf.get(id), id, "Document " + id + ": the model takes its time "
                + "over this text, far longer than Kafka's defaults would allow a record to keep a transaction open.");
    }
}
