package dev.gemmastreams.service.config;

import java.net.URI;
import java.time.Duration;

import dev.gemmastreams.schemas.registry.RetryingSchemaRegistry;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The schema registry: where the serdes find it ({@code url}; unset means this service's own endpoint), whether
 * this service serves the registry API itself ({@code serve}), the compacted topic that API keeps schemas in,
 * how long a registry call may take, and for how long an unreachable registry is tried again ({@code retryFor})
 * before a record fails with REGISTRY_UNAVAILABLE.
 */
@Validated
@ConfigurationProperties("gemma-streams.registry")
public record RegistryProperties(URI url, @DefaultValue("true") boolean serve, @NotBlank String topic,
                                 @NotNull Duration timeout, @NotNull Duration retryFor) {

    // A primitive cannot be "unset" in a compact constructor, hence @DefaultValue for serve.
    public RegistryProperties {
        topic = topic != null ? topic : "_schemas";
        timeout = timeout != null ? timeout : Duration.ofSeconds(10);
        retryFor = retryFor != null ? retryFor : RetryingSchemaRegistry.DEFAULT_RETRY_FOR;
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("gemma-streams.registry.retry-for must not be negative, was " + retryFor);
        }
    }
}
