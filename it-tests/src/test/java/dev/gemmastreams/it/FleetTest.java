package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import dev.gemmastreams.avro.Document;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A fleet: three service processes (the real jar, the demo model) sharing six input partitions on a three-node
 * KRaft cluster (replication factor 3, min.insync.replicas 2), through a rolling restart, a node stopped and
 * restarted, an instance killed with {@code kill -9} for good (its state folder gone) and a node gone for good;
 * every scenario publishes {@link #INPUTS} documents while it happens. A read_committed reader sees every input get
 * exactly one outcome. The scenarios run in order on the same cluster and fleet, which is what makes them cheap.
 *
 * <p>Instance 0 serves the schema registry for the fleet (the others point at it) and is never killed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetTest {

    private static final Logger log = LoggerFactory.getLogger(FleetTest.class);

    static final int INSTANCES = 3;
    static final int PARTITIONS = 6;
    static final int INPUTS = 300;
    static final String APPLICATION_ID = "gemma-streams-fleet";
    private static final Duration START = Duration.ofSeconds(180);
    private static final Duration OUTCOMES = Duration.ofMinutes(3);
    /** Transaction timeout (20 s), the broker's abort check interval (10 s) and room for a loaded machine. */
    private static final Duration TRANSACTION_BOUND = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @TempDir
    static Path work;

    private KafkaClusterUnderTest cluster;
    private CommittedResults results;
    private final int[] ports = new int[INSTANCES];
    private final ServiceProcess[] instances = new ServiceProcess[INSTANCES];
    private final List<ServiceProcess> started = new CopyOnWriteArrayList<>();
    private KafkaProducer<String, Document> producer;
    /** Every input published, with its partition. */
    private final Map<String, Integer> partitionOf = new ConcurrentHashMap<>();
    private final Map<String, Instant> publishedAt = new ConcurrentHashMap<>();

    @BeforeAll
    void startClusterAndFleet() throws Exception {
        cluster = new KafkaClusterUnderTest(work.resolve("kafka")).start();
        results = new CommittedResults(cluster.bootstrapServers(), CommittedResults.SUMMARIES,
                CommittedResults.DEAD_LETTERS);
        for (int i = 0; i < INSTANCES; i++) {
            ports[i] = ServiceProcess.freePort();
        }
        // The registry's instance first: the others register the service's schemas through it as they start.
        start(0);
        instances[0].awaitReady(START);
        start(1);
        start(2);
        instances[1].awaitReady(START);
        instances[2].awaitReady(START);
        producer = CommittedResults.documentProducer(cluster.bootstrapServers(), instances[0]);
    }

    @AfterAll
    void stopEverything() {
        if (producer != null) {
            producer.close();
        }
        started.forEach(ServiceProcess::close);
        if (results != null) {
            results.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void aRollingRestartUnderLoadLosesNothingAndDuplicatesNothing() throws Exception {
        ReadinessWatch readiness = new ReadinessWatch();
        try (Publisher load = new Publisher("rolling", INPUTS, Duration.ofMillis(250))) {
            for (int i = INSTANCES - 1; i >= 0; i--) {
                Thread.sleep(3_000);
                readiness.outOfService(i);
                Instant stopping = Instant.now();
                int code = instances[i].terminate(Duration.ofSeconds(90));
                assertThat(code).as("instance %d stopped cleanly on SIGTERM", i).isIn(0, 143);
                Instant stopped = Instant.now();
                start(i);
                instances[i].awaitReady(START);
                readiness.inService(i);
                log.info("Rolling restart: instance {} stopped in {} ms, ready again {} ms later", i,
                        Duration.between(stopping, stopped).toMillis(), Duration.between(stopped, Instant.now()).toMillis());
            }
            load.awaitDone();
            assertExactlyOneOutcome(load.keys());
        } finally {
            readiness.stop();
        }
        assertThat(readiness.notReady()).as("readiness of the instances in service while the others restarted "
                + "(each restart rebalances the whole fleet)").isEmpty();
    }

    @Test
    @Order(2)
    void anyInstanceAnswersForAnyKey() {
        List<String> keys = partitionOf.keySet().stream().sorted().limit(30).toList();
        for (String key : keys) {
            for (int i = 0; i < INSTANCES; i++) {
                int instance = i;
                // Right after the rolling restart a holder may still be restoring: then the answer must be the
                // retryable 503 with Retry-After, and a client that retries gets the document. Ask at once: by
                // default the first poll waits a whole interval, which made this test 90 x 2 s long.
                await().atMost(Duration.ofSeconds(60)).pollDelay(Duration.ZERO).pollInterval(Duration.ofSeconds(2))
                        .untilAsserted(() -> {
                            QueryAnswer answer = query(instance, key);
                            if (answer.status() == 503) {
                                assertThat(answer.retryAfter()).as("a 503 says when to retry: %s", answer).isTrue();
                            }
                            assertThat(answer.status()).as("instance %d answering for %s: %s", instance, key, answer)
                                    .isEqualTo(200);
                            assertThat(answer.body()).contains("\"documentId\":\"" + key + "\"");
                        });
            }
        }
    }

    @Test
    @Order(3)
    void aNodeStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        try (Publisher load = new Publisher("node-restart", INPUTS, Duration.ofMillis(60))) {
            load.awaitPublished(INPUTS / 3);
            cluster.stopNode(1);
            load.awaitPublished(2 * INPUTS / 3);
            Instant restarting = Instant.now();
            cluster.startNode(1);
            log.info("Node 2 restarted in {} ms", Duration.between(restarting, Instant.now()).toMillis());
            load.awaitDone();
            cluster.awaitFullyReplicated(Duration.ofMinutes(2));
            assertExactlyOneOutcome(load.keys());
        }
    }

    @Test
    @Order(4)
    void anInstanceKilledForGoodWithATransactionOpenHasItsPartitionsTakenOverAndItsKeysStillAnswered() throws Exception {
        int victim = INSTANCES - 1;
        Set<Integer> victimPartitions = documentPartitionsOf(victim);
        assertThat(victimPartitions).as("partitions of the instance to kill").isNotEmpty();
        List<String> victimKeys = partitionOf.entrySet().stream()
                .filter(e -> victimPartitions.contains(e.getValue())).map(Map.Entry::getKey).sorted()
                .limit(10).toList();
        try (Publisher load = new Publisher("kill", INPUTS, Duration.ofMillis(60)); Admin admin = admin()) {
            load.awaitPublished(INPUTS / 3);
            // The worst moment: the victim has a transaction open on the output topics. Nobody fences it (the
            // instance never comes back), so read_committed readers of those partitions wait until it times out.
            String processId = processIdOf(victim);
            await("a transaction of instance " + victim + " open").atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(10)).until(() -> openTransactions(admin, processId) > 0);
            Instant killed = Instant.now();
            instances[victim].kill();
            boolean openAfterKill = openTransactions(admin, processId) > 0;
            deleteRecursively(work.resolve("streams-" + victim));

            // While the group still waits for the dead member, the survivors answer from their standby copies.
            for (String key : victimKeys) {
                for (int i = 0; i < victim; i++) {
                    int instance = i;
                    List<QueryAnswer> seen = new ArrayList<>();
                    await("instance " + i + " answers for " + key + " of the killed instance")
                            .atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                            .until(() -> {
                                QueryAnswer answer = query(instance, key);
                                seen.add(answer);
                                return answer.status() == 200;
                            });
                    assertThat(seen).as("every answer is a result or a retryable 503 with Retry-After")
                            .allMatch(a -> a.status() == 200 || (a.status() == 503 && a.retryAfter()));
                }
            }

            // Kept open by nothing, it is aborted after the transaction timeout (20 s here) plus the broker's
            // check interval (10 s): the bound on how long read_committed readers stall behind it.
            await("the killed instance's open transaction aborted").atMost(TRANSACTION_BOUND)
                    .pollInterval(Duration.ofMillis(200)).until(() -> openTransactions(admin, processId) == 0);
            log.info("kill -9 of instance {} with a transaction open ({} right after the kill): it was aborted {} ms "
                    + "after the kill (transaction timeout 20 s)", victim, openAfterKill ? "still open" : "closed",
                    Duration.between(killed, Instant.now()).toMillis());
            load.awaitDone();
            assertExactlyOneOutcome(load.keys());
            Instant recovered = results.seen().stream()
                    .filter(s -> load.keys().contains(s.key()) && victimPartitions.contains(partitionOf.get(s.key()))
                            && publishedAt.get(s.key()).isAfter(killed))
                    .map(CommittedResults.Seen::at).min(Comparator.naturalOrder()).orElseThrow();
            log.info("kill -9 of instance {} (partitions {}): the next outcome from its partitions {} ms after "
                            + "the kill (session timeout 30 s)", victim, victimPartitions,
                    Duration.between(killed, recovered).toMillis());
        }
    }

    @Test
    @Order(5)
    void aNodeGoneForGoodLosesNothing() throws Exception {
        try (Publisher load = new Publisher("node-gone", INPUTS, Duration.ofMillis(40))) {
            cluster.awaitFullyReplicated(Duration.ofMinutes(2));
            load.awaitPublished(INPUTS / 3);
            cluster.stopNode(2);
            load.awaitDone();
            assertExactlyOneOutcome(load.keys());
        }
    }

    @Test
    @Order(6)
    void onceTheFleetHasStoppedEveryInputHasExactlyOneCommittedOutcome() throws Exception {
        for (int i = 0; i < INSTANCES; i++) {
            if (instances[i].isAlive()) {
                instances[i].terminate(Duration.ofSeconds(90));
            }
        }
        // No transaction is open any more: what read_committed shows now is final.
        results.readToEnd(Duration.ofSeconds(60));
        Map<String, Long> counts = results.countsByKey();
        assertThat(counts.keySet()).as("an outcome for every input").containsAll(partitionOf.keySet());
        assertThat(counts).as("no input with two outcomes").allSatisfy((key, count) -> assertThat(count).isEqualTo(1));
    }

    private void start(int i) {
        List<String> args = new ArrayList<>(List.of(
                "--gemma-streams.kafka.bootstrap-servers=" + cluster.bootstrapServers(),
                "--gemma-streams.topics.partitions=" + PARTITIONS,
                "--gemma-streams.topics.replication-factor=3",
                "--gemma-streams.streams.application-id=" + APPLICATION_ID,
                "--gemma-streams.streams.state-dir=" + work.resolve("streams-" + i),
                "--gemma-streams.streams.instance-id=fleet-" + i,
                "--gemma-streams.streams.advertised-host=localhost",
                "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                "--gemma-streams.model.max-summary-tokens=4",
                // Model calls of the demo model take milliseconds: a killed instance's open transaction, if any,
                // holds read_committed readers back 20 s at most.
                "--gemma-streams.streams.max-transaction-timeout=20s",
                "--gemma-streams.safety.enabled=false"));
        if (i != 0) {
            args.add("--gemma-streams.registry.url=http://localhost:" + ports[0]);
        }
        ServiceProcess process = ServiceProcess.start(work, ports[i], args.toArray(String[]::new));
        instances[i] = process;
        started.add(process);
    }

    private void assertExactlyOneOutcome(List<String> keys) {
        assertThat(results.awaitKeys(keys, OUTCOMES)).as("an outcome for each of %d inputs; missing %s",
                keys.size(), keys.stream().filter(k -> !results.keys().contains(k)).limit(20).toList()).isTrue();
        Map<String, Long> counts = results.countsByKey();
        assertThat(keys).as("inputs with more than one committed outcome")
                .allSatisfy(key -> assertThat(counts.get(key)).as(key).isEqualTo(1));
    }

    /** Kafka Streams' process id of an instance: part of its client ids and of its transactional ids. */
    private String processIdOf(int instance) throws Exception {
        try (Admin admin = admin()) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .describedGroups().get(APPLICATION_ID).get(30, TimeUnit.SECONDS);
            String clientId = group.members().stream()
                    .filter(m -> m.groupInstanceId().orElse("").startsWith("fleet-" + instance + "-"))
                    .map(MemberDescription::clientId).findFirst().orElseThrow();
            return clientId.substring(APPLICATION_ID.length() + 1, APPLICATION_ID.length() + 1 + 36);
        }
    }

    /** Open (ongoing) transactions of the given Kafka Streams process. */
    private static long openTransactions(Admin admin, String processId) throws Exception {
        return admin.listTransactions().all().get(10, TimeUnit.SECONDS).stream()
                .filter(t -> t.transactionalId().contains(processId) && t.state() == TransactionState.ONGOING)
                .count();
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()));
    }

    /** The input partitions (of the documents topic) the instance's stream threads own now. */
    private Set<Integer> documentPartitionsOf(int instance) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(APPLICATION_ID))
                    .describedGroups().get(APPLICATION_ID).get(30, TimeUnit.SECONDS);
            return group.members().stream()
                    .filter(m -> m.groupInstanceId().orElse("").startsWith("fleet-" + instance + "-"))
                    .flatMap(m -> m.assignment().topicPartitions().stream())
                    .filter(tp -> tp.topic().equals("documents")).map(TopicPartition::partition)
                    .collect(Collectors.toSet());
        }
    }

    record QueryAnswer(int status, boolean retryAfter, String body) {
    }

    private QueryAnswer query(int instance, String key) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(
                            "http://localhost:" + ports[instance] + "/documents/" + key + "/summary"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            return new QueryAnswer(response.statusCode(), response.headers().firstValue("Retry-After").isPresent(),
                    response.body());
        } catch (Exception e) {
            return new QueryAnswer(-1, false, e.toString());
        }
    }

    private static void deleteRecursively(Path dir) throws Exception {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Publishes small documents at a steady pace on a thread of its own, keyed (so partitioned) by id. */
    private final class Publisher implements AutoCloseable {
        private final List<String> keys;
        private final Thread thread;
        private volatile int published;
        private volatile Throwable failure;

        Publisher(String scenario, int count, Duration pause) {
            keys = IntStream.range(0, count).mapToObj(i -> scenario + "-" + i).toList();
            thread = new Thread(() -> {
                try {
                    for (String key : keys) {
                        RecordMetadata sent = producer.send(new ProducerRecord<>("documents", key, Document.newBuilder()
                                .setId(key).setTitle("Fleet " + key)
                                .setText("Document " + key + " is summarized by whichever instance owns it.")
                                .build())).get(60, TimeUnit.SECONDS);
                        partitionOf.put(key, sent.partition());
                        publishedAt.put(key, Instant.now());
                        published++;
                        Thread.sleep(pause.toMillis());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (Exception e) {
                    failure = e;
                }
            }, "publisher-" + scenario);
            thread.start();
        }

        List<String> keys() {
            return keys;
        }

        void awaitPublished(int count) {
            await("published " + count).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                    .failFast("publishing failed", () -> failure != null).until(() -> published >= count);
        }

        void awaitDone() throws InterruptedException {
            thread.join(Duration.ofMinutes(3).toMillis());
            assertThat(failure).as("publishing").isNull();
            assertThat(published).as("published").isEqualTo(keys.size());
        }

        @Override
        public void close() {
            thread.interrupt();
        }
    }

    /** Polls the readiness of the instances in service and remembers every time one said it was not ready. */
    private final class ReadinessWatch {
        private final Set<Integer> inService = ConcurrentHashMap.newKeySet();
        private final List<String> notReady = new CopyOnWriteArrayList<>();
        private final Thread thread;

        ReadinessWatch() {
            IntStream.range(0, INSTANCES).forEach(inService::add);
            thread = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (int i : Set.copyOf(inService)) {
                        int status = instances[i].status("/actuator/health/readiness");
                        if (status != 200 && status != -1 && inService.contains(i)) {
                            notReady.add("instance " + i + ": " + status + " at " + Instant.now());
                        }
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "readiness-watch");
            thread.start();
        }

        void outOfService(int i) {
            inService.remove(i);
        }

        void inService(int i) {
            inService.add(i);
        }

        List<String> notReady() {
            return notReady;
        }

        void stop() throws InterruptedException {
            thread.interrupt();
            thread.join();
        }
    }
}
