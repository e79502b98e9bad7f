package dev.gemmastreams.registry;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the served registry needs from the application hosting it: how to reach Kafka (bootstrap servers plus
 * TLS/SASL client settings, a reachable broker by the time the store starts), whether it takes writes, the
 * compacted topic it keeps schemas in, how long a store call may take, and the "user:password" writes must carry
 * (null: none). The host binds these from its own configuration (gemma-streams.registry.* in the service).
 */
public record RegistryServerSettings(Map<String, Object> kafkaClientConfig, RegistryServeMode serveMode, String topic,
                                     Duration timeout, String writeCredentials) {

    public RegistryServerSettings {
        kafkaClientConfig = Map.copyOf(kafkaClientConfig);
        Objects.requireNonNull(serveMode, "serveMode");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** Never shows the write credentials: settings end up in logs and messages. */
    @Override
    public String toString() {
        return "RegistryServerSettings[bootstrap.servers=" + kafkaClientConfig.get("bootstrap.servers") + ", serve="
                + serveMode + ", topic=" + topic + ", timeout=" + timeout + ", writeCredentials="
                + (writeCredentials == null ? "none" : "(set)") + "]";
    }
}
