package dev.gemmastreams.topology.errors;

/** Keys that Kafka Streams passes to our error handlers through the streams configuration. */
public final class DeadLetterConfig {
    /** Topic the dead letters go to. */
    public static final String TOPIC = "gemma-streams.dead-letters.topic";
    /**
     * Optional: the {@link dev.gemmastreams.schemas.registry.SchemaRegistry} instance the topology's serdes use,
     * so dead letters share its cache. Without it the handlers connect to {@code schema.registry.url} themselves.
     */
    public static final String REGISTRY = "gemma-streams.dead-letters.registry";
    /** Optional: the {@link dev.gemmastreams.topology.results.TopologyMetrics} that counts dead letters. */
    public static final String METRICS = "gemma-streams.dead-letters.metrics";

    /**
     * Optional: how many bytes of the original key and value a dead letter keeps, together (default
     * {@link OriginalBytes#DEFAULT_MAX_BYTES}); keep it well under the dead-letter topic's maximum message size.
     */
    public static final String MAX_ORIGINAL_BYTES = "gemma-streams.dead-letters.max-original-bytes";

    private DeadLetterConfig() {
    }
}
