package dev.gemmastreams.service.streams;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import dev.gemmastreams.registry.LocalSchemaRegistry;
import dev.gemmastreams.schemas.registry.RetryingSchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.service.config.ModelProperties;
import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.config.Secrets;
import dev.gemmastreams.service.config.StreamsProperties;
import dev.gemmastreams.service.config.TopicsProperties;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import dev.gemmastreams.service.kafka.TopicProvisioner;
import dev.gemmastreams.topology.GemmaStreamsTopology;
import dev.gemmastreams.topology.TopologySerdes;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.errors.DeadLetterConfig;
import dev.gemmastreams.topology.errors.DeadLetterDeserializationHandler;
import dev.gemmastreams.topology.errors.DeadLetterProcessingHandler;
import dev.gemmastreams.topology.errors.DeadLetterProductionHandler;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Owns the Kafka Streams instance: starts it once the web server (and so the registry endpoint) is up, and
 * closes it first on shutdown so that offsets are committed and the group is left before anything else stops.
 */
@Component
public class StreamsService implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(StreamsService.class);

    private final StreamsProperties streamsProperties;
    private final TopicsProperties topics;
    private final RegistryProperties registry;
    private final KafkaClientSettings kafka;
    private final TopicProvisioner provisioner;
    private final MeterRegistry meters;
    private final ApplicationContext context;
    private final TopologySettings topologySettings;
    private final TopologyServices topologyServices;
    private final ModelProperties model;
    private final ObjectProvider<LocalSchemaRegistry> localRegistry;

    private volatile KafkaStreams streams;
    private volatile HostInfo self;
    /** Set at the first RUNNING of the current instance: later rebalances keep it in service. */
    private volatile boolean hasBeenRunning;
    private int deadLetterOriginalBytes;
    private KafkaStreamsMetrics streamsMetrics;

    public StreamsService(StreamsProperties streamsProperties, TopicsProperties topics, RegistryProperties registry,
                          KafkaClientSettings kafka, TopicProvisioner provisioner, MeterRegistry meters,
                          ApplicationContext context, TopologySettings topologySettings,
                          TopologyServices topologyServices, ModelProperties model,
                          ObjectProvider<LocalSchemaRegistry> localRegistry) {
        this.streamsProperties = streamsProperties;
        this.topics = topics;
        this.registry = registry;
        this.kafka = kafka;
        this.provisioner = provisioner;
        this.meters = meters;
        this.context = context;
        this.topologySettings = topologySettings;
        this.topologyServices = topologyServices;
        this.model = model;
        this.localRegistry = localRegistry;
    }

    @Override
    public synchronized void start() {
        int documentPartitions = provisioner.ensureTopics();
        int threads = streamsProperties.threadsFor(model);
        if (documentPartitions < threads) {
            log.warn("'{}' has {} partitions for {} stream threads: a backlog keeps at most {} model calls in flight "
                    + "(model.max-batch {}); add partitions to use the batch", topics.documents(), documentPartitions,
                    threads, documentPartitions, model.maxBatch());
        }
        URI registryUrl = RegistryLocator.registryUrl(registry, context);
        SchemaRegistry registryClient = new RetryingSchemaRegistry(registryForSerdes(registryUrl), registry.retryFor());
        Topology topology = GemmaStreamsTopology.build(topics.names(), TopologySerdes.using(registryClient),
                outputLimits(), topologyServices, documentPartitions);
        log.info("Starting Kafka Streams '{}' (registry {}):\n{}",
                streamsProperties.applicationId(), Secrets.withoutUserInfo(registryUrl), topology.describe());
        KafkaStreams created = new KafkaStreams(topology, streamsConfig(registryUrl, registryClient));
        hasBeenRunning = false;
        created.setStateListener((now, before) -> {
            log.info("Kafka Streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                hasBeenRunning = true;
            }
        });
        created.setUncaughtExceptionHandler(e -> {
            log.error("A stream thread failed; replacing it", e);
            return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streamsMetrics = new KafkaStreamsMetrics(created);
        streamsMetrics.bindTo(meters);
        created.start();
        streams = created;
    }

    @Override
    public synchronized void stop() {
        KafkaStreams running = streams;
        if (running == null) {
            return;
        }
        log.info("Closing Kafka Streams (commits offsets, leaves the group)");
        boolean closed = running.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(streamsProperties.closeTimeout()));
        if (!closed) {
            log.warn("Kafka Streams did not close within {}", streamsProperties.closeTimeout());
        }
        streamsMetrics.close();
        streams = null;
    }

    @Override
    public boolean isRunning() {
        return streams != null;
    }

    /** This service's own registry in-process when it serves the one the serdes use, else a client of the URL. */
    private SchemaRegistry registryForSerdes(URI registryUrl) {
        LocalSchemaRegistry local = registry.url() == null ? localRegistry.getIfAvailable() : null;
        return local != null ? local : new SchemaRegistryClient(registryUrl, registry.timeout(), registry.userInfo());
    }

    /** The running instance, for health checks and interactive queries; null when stopped. */
    public KafkaStreams streams() {
        return streams;
    }

    /** Whether the running instance has reached RUNNING at least once since it started. */
    public boolean hasBeenRunning() {
        return hasBeenRunning;
    }

    /**
     * Sized for a document that fits the context: input safety, the summary, output safety. Longer documents
     * need more calls; raise {@code gemma-streams.model.request-timeout} for them.
     */
    private StreamsTimeouts timeouts() {
        int inputPartitions = 2 * topics.partitions();
        int threads = streamsProperties.threadsFor(model);
        int tasksPerThread = Math.max(1, (inputPartitions + threads - 1) / threads);
        return StreamsTimeouts.of(model.requestTimeout(), model.attempts(), 3, tasksPerThread)
                .cappedAt(streamsProperties.maxPollInterval(), streamsProperties.maxTransactionTimeout());
    }

    /**
     * Results and dead letters sized for what the output topics accept: a larger result becomes a dead letter
     * before it is sent, and a dead letter keeps at most half of that limit of the original bytes.
     */
    private TopologySettings outputLimits() {
        var names = topics.names();
        int maxMessageBytes = provisioner.maxMessageBytes(List.of(names.summaries(), names.answers(),
                names.safetyVerdicts(), names.deadLetters()), TopologySettings.DEFAULT_MAX_RESULT_BYTES);
        deadLetterOriginalBytes = Math.min(streamsProperties.deadLetterOriginalBytes(), maxMessageBytes / 2);
        log.info("Output records up to {} bytes (the output topics' max.message.bytes); dead letters keep up to {} "
                + "bytes of the original record", maxMessageBytes, deadLetterOriginalBytes);
        return topologySettings.withOutputLimits(maxMessageBytes, deadLetterOriginalBytes);
    }

    /** The brokers refuse a transaction timeout over their transaction.max.timeout.ms: use theirs and say so. */
    private void capTransactionTimeout(Map<String, Object> config) {
        String key = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        Duration wanted = Duration.ofMillis(((Number) config.get(key)).longValue());
        Duration brokerMax = provisioner.maxTransactionTimeout();
        if (wanted.compareTo(brokerMax) > 0) {
            log.warn("Records may keep a transaction open for {}, but the brokers allow at most {} "
                    + "(transaction.max.timeout.ms): using {}; a longer model call will abort its transaction and be "
                    + "processed again. Raise the brokers' limit, or lower gemma-streams.model.request-timeout.",
                    wanted, brokerMax, brokerMax);
            config.put(key, (int) brokerMax.toMillis());
        }
    }

    /**
     * Stable across restarts (static membership only helps if a restarted instance comes back under the same id),
     * and different for instances on one host, which cannot share a state folder.
     */
    private String instanceId() {
        if (streamsProperties.instanceId() != null && !streamsProperties.instanceId().isBlank()) {
            return streamsProperties.instanceId();
        }
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = streamsProperties.advertisedHost();
        }
        String stateDir = streamsProperties.stateDir().toAbsolutePath().normalize().toString();
        return streamsProperties.applicationId() + "-" + host + "-"
                + Integer.toHexString(stateDir.hashCode());
    }

    /** This instance's address for interactive queries, as other instances see it. */
    public HostInfo self() {
        return self;
    }

    private Properties streamsConfig(URI registryUrl, SchemaRegistry registryClient) {
        Map<String, Object> config = new HashMap<>(kafka.clientConfig());
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, streamsProperties.applicationId());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, streamsProperties.stateDir().toAbsolutePath().toString());
        config.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, streamsProperties.threadsFor(model));
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, topics.replicationFactor());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        config.put(DeadLetterConfig.MAX_ORIGINAL_BYTES, deadLetterOriginalBytes);
        config.put(DeadLetterConfig.TOPIC, topics.deadLetters());
        config.put(SerdeConfig.REGISTRY_URL, registryUrl.toString());
        config.put(DeadLetterConfig.REGISTRY, registryClient);
        config.put(DeadLetterConfig.METRICS, topologyServices.metrics());
        if (context instanceof WebServerApplicationContext web && web.getWebServer() != null) {
            // Lets other instances route interactive queries for keys this instance owns.
            self = new HostInfo(streamsProperties.advertisedHost(), web.getWebServer().getPort());
            config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        // Kafka Streams appends the thread number to it for each stream thread's consumer.
        config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId());
        // A killed instance's partitions move after this; one restarted within it takes them back, no rebalance.
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG),
                (int) streamsProperties.sessionTimeout().toMillis());
        // Assigned only where another instance runs: a lone instance pays nothing for it.
        config.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, streamsProperties.standbyReplicas());
        StreamsTimeouts timeouts = timeouts();
        config.putAll(timeouts.streamsConfig());
        if (timeouts.capped()) {
            log.info("Model calls may keep a record for up to {} ({} per round), more than the caps allow "
                    + "(poll interval {}, transaction timeout {}: gemma-streams.streams.max-poll-interval, "
                    + ".max-transaction-timeout); a round that outlasts them is processed again",
                    timeouts.neededTransactionTimeout(), timeouts.neededPollInterval(),
                    timeouts.pollInterval(), timeouts.transactionTimeout());
        }
        capTransactionTimeout(config);
        config.putAll(streamsProperties.properties()); // explicit settings win
        log.info("A record may take up to {} of model time: poll interval {} ms, transaction timeout {} ms",
                timeouts.maxRecordTime(), config.get(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG)),
                config.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)));
        Properties properties = new Properties();
        properties.putAll(config);
        return properties;
    }
}
