package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.schemas.registry.RetryingSchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import org.apache.kafka.common.config.ConfigException;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/** Configuration keys the serdes read when Kafka instantiates them by class name and calls configure(). */
public final class SerdeConfig {

    /** Base URL of the schema registry, e.g. http://localhost:8081 (the same key Confluent's serdes use). */
    public static final String REGISTRY_URL = "schema.registry.url";
    /** Optional: how long a registry call may take, in milliseconds (default 10 000). */
    public static final String REGISTRY_TIMEOUT_MS = "schema.registry.timeout.ms";
    /**
     * Optional: for how long an unreachable or failing registry is tried again, in milliseconds (default 60 000),
     * before the call fails as unavailable.
     */
    public static final String REGISTRY_RETRY_FOR_MS = "schema.registry.retry.for.ms";
    /** Optional: "user:password" for registries that want HTTP basic authentication (Confluent's key). */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** For {@link SpecificAvroDeserializer} configured by Kafka: the fully qualified generated record class. */
    public static final String SPECIFIC_AVRO_CLASS = "specific.avro.class";

    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private SerdeConfig() {
    }

    static SchemaRegistry registryClient(Map<String, ?> configs) {
        Object url = configs.get(REGISTRY_URL);
        if (url == null || url.toString().isBlank()) {
            throw new ConfigException("Missing serde configuration '" + REGISTRY_URL + "' (the schema registry URL)");
        }
        Object timeoutMs = configs.get(REGISTRY_TIMEOUT_MS);
        Duration timeout = timeoutMs == null ? DEFAULT_TIMEOUT : Duration.ofMillis(Long.parseLong(timeoutMs.toString()));
        Object retryForMs = configs.get(REGISTRY_RETRY_FOR_MS);
        Duration retryFor = retryForMs == null ? RetryingSchemaRegistry.DEFAULT_RETRY_FOR
                : Duration.ofMillis(Long.parseLong(retryForMs.toString()));
        Object userInfo = configs.get(BASIC_AUTH_USER_INFO);
        try {
            return new RetryingSchemaRegistry(new SchemaRegistryClient(URI.create(url.toString().trim()), timeout,
                    userInfo == null ? null : userInfo.toString()), retryFor);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(REGISTRY_URL, url, "not a valid URL: " + e.getMessage());
        }
    }

    static Class<?> specificClass(Map<String, ?> configs) {
        Object value = configs.get(SPECIFIC_AVRO_CLASS);
        if (value instanceof Class<?> type) {
            return type;
        }
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException("Missing serde configuration '" + SPECIFIC_AVRO_CLASS
                    + "' (the generated Avro class to read into, e.g. dev.gemmastreams.avro.Document)");
        }
        try {
            return Class.forName(value.toString().trim(), true, Thread.currentThread().getContextClassLoader());
        } catch (ClassNotFoundException e) {
            throw new ConfigException(SPECIFIC_AVRO_CLASS, value, "class not found");
        }
    }
}
