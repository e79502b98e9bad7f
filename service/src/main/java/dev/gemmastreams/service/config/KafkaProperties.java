package dev.gemmastreams.service.config;

import java.nio.file.Path;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Where Kafka is. With no bootstrap servers the service starts its own single-node broker (the one-machine
 * default); otherwise it joins the configured cluster, passing {@code client} settings (TLS, SASL) to every client.
 */
@Validated
@ConfigurationProperties("gemma-streams.kafka")
public record KafkaProperties(String bootstrapServers, @Valid @NotNull Embedded embedded, @NotNull Map<String, String> client) {

    public KafkaProperties {
        embedded = embedded != null ? embedded : new Embedded(null, null);
        client = client != null ? Map.copyOf(client) : Map.of();
    }

    public boolean useEmbeddedBroker() {
        return bootstrapServers == null || bootstrapServers.isBlank();
    }

    /** The in-process broker: its data folder (kept across restarts) and client port. */
    public record Embedded(@NotNull Path dataDir, @NotNull @Min(0) @Max(65535) Integer port) {
        public Embedded {
            dataDir = dataDir != null ? dataDir : DataDirs.root().resolve("kafka");
            port = port != null ? port : 9092;
        }
    }

    /** Secrets (tokens, passwords, JAAS configs, URL user info) hidden: settings end up in logs and messages. */
    @Override
    public String toString() {
        return Secrets.describe(this);
    }
}
