package dev.gemmastreams.it;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

import kafka.server.KafkaConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.awaitility.Awaitility;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A three-node KRaft cluster in this JVM (each node broker and controller, three voters), set up as a production
 * cluster would be for exactly-once: replication factor 3 and min.insync.replicas 2 for every topic, the offsets
 * and the transaction log included. So one node may stop (and come back, or not) without stopping the stream.
 */
final class KafkaClusterUnderTest implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(KafkaClusterUnderTest.class);
    static final int NODES = 3;

    private final Path dataDir;
    private final String clusterId = Uuid.randomUuid().toString();
    private final int[] ports = new int[NODES];
    private final int[] controllerPorts = new int[NODES];
    private final KafkaRaftServer[] servers = new KafkaRaftServer[NODES];

    KafkaClusterUnderTest(Path dataDir) {
        this.dataDir = dataDir;
        for (int i = 0; i < NODES; i++) {
            ports[i] = ServiceProcess.freePort();
            controllerPorts[i] = ServiceProcess.freePort();
        }
    }

    /** Starts every node; they wait for each other's quorum, so they start together. */
    KafkaClusterUnderTest start() {
        CompletableFuture.allOf(IntStream.range(0, NODES)
                .mapToObj(i -> CompletableFuture.runAsync(() -> startNode(i))).toArray(CompletableFuture[]::new))
                .join();
        log.info("Three-node KRaft cluster up at {}", bootstrapServers());
        return this;
    }

    String bootstrapServers() {
        return IntStream.range(0, NODES).mapToObj(i -> "localhost:" + ports[i]).collect(Collectors.joining(","));
    }

    /** Stops one node (broker and controller), uncontrolled: its replicas drop out of the ISR, the others lead. */
    synchronized void stopNode(int node) {
        KafkaRaftServer server = servers[node];
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            servers[node] = null;
            log.info("Node {} stopped", node + 1);
        }
    }

    /** Starts a stopped node again with its data: it catches up and rejoins the ISR. */
    void startNode(int node) {
        KafkaConfig config = new KafkaConfig(config(node), false);
        formatOnce(node, config);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        synchronized (this) {
            servers[node] = server;
        }
        log.info("Node {} started at localhost:{}", node + 1, ports[node]);
    }

    /** Waits until every partition of every topic has all three replicas in sync again. */
    void awaitFullyReplicated(Duration timeout) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Awaitility.await("every partition fully replicated").atMost(timeout).pollInterval(Duration.ofMillis(500))
                    .ignoreExceptions().until(() -> {
                        Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get();
                        return admin.describeTopics(topics).allTopicNames().get().values().stream()
                                .flatMap(t -> t.partitions().stream()).allMatch(p -> p.isr().size() == NODES);
                    });
        }
    }

    @Override
    public void close() {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            int node = i;
            stops.add(CompletableFuture.runAsync(() -> stopNode(node)));
        }
        stops.forEach(CompletableFuture::join);
    }

    private Properties config(int node) {
        String voters = IntStream.range(0, NODES).mapToObj(i -> (i + 1) + "@localhost:" + controllerPorts[i])
                .collect(Collectors.joining(","));
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node + 1));
        p.put("controller.quorum.voters", voters);
        p.put("listeners", "PLAINTEXT://localhost:" + ports[node] + ",CONTROLLER://localhost:" + controllerPorts[node]);
        p.put("advertised.listeners", "PLAINTEXT://localhost:" + ports[node]);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", nodeDir(node).toString());
        p.put("default.replication.factor", "3");
        p.put("min.insync.replicas", "2");
        p.put("offsets.topic.replication.factor", "3");
        p.put("offsets.topic.num.partitions", "3");
        p.put("transaction.state.log.replication.factor", "3");
        p.put("transaction.state.log.min.isr", "2");
        p.put("transaction.state.log.num.partitions", "3");
        p.put("share.coordinator.state.topic.replication.factor", "3");
        p.put("share.coordinator.state.topic.min.isr", "2");
        p.put("group.initial.rebalance.delay.ms", "0");
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // A stopped node goes at once, as a crashed one would, without handing its leaderships over first (and
        // the last node's stop does not wait minutes for a controller quorum that is gone).
        p.put("controlled.shutdown.enable", "false");
        // Quick leader moves: a restarted node is back in the ISR in seconds.
        p.put("replica.lag.time.max.ms", "10000");
        p.put("leader.imbalance.check.interval.seconds", "5");
        return p;
    }

    private Path nodeDir(int node) {
        return dataDir.resolve("node-" + (node + 1)).toAbsolutePath();
    }

    private void formatOnce(int node, KafkaConfig config) {
        Path dir = nodeDir(node);
        if (Files.exists(dir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node + 1)
                    .setClusterId(clusterId)
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dir.toString())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format " + dir + ": " + e.getMessage(), e);
        }
    }
}
