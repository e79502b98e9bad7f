package dev.gemmastreams.service.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The schema registry: where the serdes find it ({@code url}; unset means this service's own endpoint), whether
 * this service serves the registry API itself ({@code serve}), the compacted topic that API keeps schemas in,
 * and how long a registry call may take.
 */
@Validated
@ConfigurationProperties("gemma-streams.registry")
public record RegistryProperties(URI url, @DefaultValue("true") boolean serve, @NotBlank String topic,
                                 @NotNull Duration timeout) {

    // A primitive cannot be "unset" in a compact constructor, hence @DefaultValue for serve.
    public RegistryProperties {
        topic = topic != null ? topic : "_schemas";
        timeout = timeout != null ? timeout : Duration.ofSeconds(10);
    }

    /** Secrets (tokens, passwords, JAAS configs, URL user info) hidden: settings end up in logs and messages. */
    @Override
    public String toString() {
        return Secrets.describe(this);
    }
}
