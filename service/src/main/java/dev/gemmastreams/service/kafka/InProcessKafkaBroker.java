package dev.gemmastreams.service.kafka;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node KRaft broker (broker and controller in one) running inside this JVM, with its data on disk
 * so topics and offsets survive a restart. It is the one-machine default: nothing else must be installed.
 */
public final class InProcessKafkaBroker implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(InProcessKafkaBroker.class);
    private static final int NODE_ID = 1;

    private final Path dataDir;
    private final int requestedPort;
    private final Map<String, String> settings;
    private final List<Listener> extraListeners;
    private final Map<String, String> listenerAddresses = new LinkedHashMap<>();
    private KafkaRaftServer server;
    private String bootstrapServers;

    /**
     * A client listener besides the PLAINTEXT one, on its own free port: its name, its security protocol
     * ({@code SASL_SSL}, {@code SSL}, ...) and its settings, which are scoped to it ({@code listener.name.<name>.}
     * is prefixed: {@code ssl.keystore.location}, {@code sasl.enabled.mechanisms},
     * {@code scram-sha-512.sasl.jaas.config}, ...).
     */
    public record Listener(String name, String securityProtocol, Map<String, String> settings) {
        public Listener {
            name = name.toUpperCase(Locale.ROOT);
            settings = Map.copyOf(settings);
            if (name.equals("PLAINTEXT") || name.equals("CONTROLLER")) {
                throw new IllegalArgumentException("Listener name " + name + " is taken by the broker itself");
            }
        }
    }

    /**
     * @param dataDir where the log and metadata live; created when missing, formatted once
     * @param port    the client port, or 0 for any free port
     */
    public InProcessKafkaBroker(Path dataDir, int port) {
        this(dataDir, port, Map.of(), List.of());
    }

    /** @param settings broker settings that replace the defaults (e.g. {@code message.max.bytes}) */
    public InProcessKafkaBroker(Path dataDir, int port, Map<String, String> settings) {
        this(dataDir, port, settings, List.of());
    }

    /** As above, with more client listeners (say, SASL_SSL next to PLAINTEXT). */
    public InProcessKafkaBroker(Path dataDir, int port, List<Listener> extraListeners) {
        this(dataDir, port, Map.of(), extraListeners);
    }

    public InProcessKafkaBroker(Path dataDir, int port, Map<String, String> settings, List<Listener> extraListeners) {
        this.dataDir = dataDir.toAbsolutePath();
        this.requestedPort = port;
        this.settings = Map.copyOf(settings);
        this.extraListeners = List.copyOf(extraListeners);
    }

    public synchronized InProcessKafkaBroker start() {
        if (server != null) {
            return this;
        }
        long started = System.nanoTime();
        int port = requestedPort == 0 ? freePort() : requestedPort;
        int controllerPort = freePort();
        KafkaConfig config = new KafkaConfig(brokerConfig(port, controllerPort), false);
        formatOnce(config);
        server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        bootstrapServers = "localhost:" + port;
        log.info("In-process Kafka broker started at {} with data in {} ({} ms)",
                bootstrapServers, dataDir, (System.nanoTime() - started) / 1_000_000);
        return this;
    }

    public synchronized String bootstrapServers() {
        if (bootstrapServers == null) {
            throw new IllegalStateException("The in-process broker is not started");
        }
        return bootstrapServers;
    }

    /** The address of one of the extra listeners, by name. */
    public synchronized String bootstrapServers(String listenerName) {
        String address = listenerAddresses.get(listenerName.toUpperCase(Locale.ROOT));
        if (address == null) {
            throw new IllegalStateException("The in-process broker is not started or has no listener " + listenerName);
        }
        return address;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        log.info("Stopping the in-process Kafka broker at {}", bootstrapServers);
        server.shutdown();
        server.awaitShutdown();
        server = null;
        bootstrapServers = null;
        listenerAddresses.clear();
    }

    private Map<String, Object> brokerConfig(int port, int controllerPort) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@localhost:" + controllerPort);
        StringBuilder listeners = new StringBuilder("PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        StringBuilder advertised = new StringBuilder("PLAINTEXT://localhost:" + port);
        StringBuilder protocols = new StringBuilder("PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        for (Listener extra : extraListeners) {
            String address = "localhost:" + freePort();
            listenerAddresses.put(extra.name(), address);
            listeners.append(',').append(extra.name()).append("://").append(address);
            advertised.append(',').append(extra.name()).append("://").append(address);
            protocols.append(',').append(extra.name()).append(':').append(extra.securityProtocol());
            String prefix = "listener.name." + extra.name().toLowerCase(Locale.ROOT) + ".";
            extra.settings().forEach((key, value) -> p.put(prefix + key, value));
        }
        p.put("listeners", listeners.toString());
        p.put("advertised.listeners", advertised.toString());
        p.put("listener.security.protocol.map", protocols.toString());
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", dataDir.toString());
        // One node: every internal topic has a single replica.
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Model calls can keep a transaction open for a long time (see StreamsTimeouts): allow up to a week.
        p.put("transaction.max.timeout.ms", String.valueOf(7 * 24 * 3600 * 1000));
        // Topics are created by the service with their intended settings, never by accident.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        p.putAll(settings);
        @SuppressWarnings({"unchecked", "rawtypes"})
        Map<String, Object> map = (Map) p;
        return map;
    }

    /** Formats the storage on first use; a formatted folder keeps its cluster id and data. */
    private void formatOnce(KafkaConfig config) {
        if (Files.exists(dataDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(dataDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName("CONTROLLER")
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .addDirectory(dataDir.toString())
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the Kafka data folder " + dataDir, e);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot format the Kafka data folder " + dataDir + ": " + e.getMessage(), e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free local port for the in-process broker", e);
        }
    }
}
