package dev.gemmastreams.service.config;

import java.net.URI;
import java.time.Duration;

import dev.gemmastreams.registry.RegistryServeMode;
import dev.gemmastreams.schemas.registry.RetryingSchemaRegistry;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The schema registry: where the serdes find it ({@code url}; unset means this service's own registry), whether
 * and how this service serves the registry API itself ({@code serve}: read-write, read-only or off), the
 * compacted topic that API keeps schemas in, how long a registry call may take, for how long an unreachable
 * registry is tried again ({@code retryFor}) before a record fails with REGISTRY_UNAVAILABLE, the "user:password"
 * the served API demands for writes ({@code writeCredentials}, unset: none) and the one the client sends to the
 * registry at {@code url} ({@code userInfo}).
 */
@Validated
@ConfigurationProperties("gemma-streams.registry")
public record RegistryProperties(URI url, @DefaultValue("read-write") String serve, @NotBlank String topic,
                                 @NotNull Duration timeout, @NotNull Duration retryFor, String writeCredentials,
                                 String userInfo) {

    public RegistryProperties {
        RegistryServeMode.parse(serve);
        topic = topic != null ? topic : "_schemas";
        timeout = timeout != null ? timeout : Duration.ofSeconds(10);
        retryFor = retryFor != null ? retryFor : RetryingSchemaRegistry.DEFAULT_RETRY_FOR;
        if (retryFor.isNegative()) {
            throw new IllegalArgumentException("gemma-streams.registry.retry-for must not be negative, was " + retryFor);
        }
        writeCredentials = blankToNull(writeCredentials);
        userInfo = blankToNull(userInfo);
        if (writeCredentials != null && !writeCredentials.contains(":")) {
            throw new IllegalArgumentException("gemma-streams.registry.write-credentials must be user:password");
        }
    }

    public RegistryServeMode serveMode() {
        return RegistryServeMode.parse(serve);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** Never shows the credentials, nor user info in the URL: settings end up in logs and messages. */
    @Override
    public String toString() {
        return "RegistryProperties[url=" + Secrets.withoutUserInfo(url) + ", serve=" + serveMode() + ", topic=" + topic + ", timeout=" + timeout
                + ", retryFor=" + retryFor + ", writeCredentials=" + (writeCredentials == null ? "none" : "(set)")
                + ", userInfo=" + (userInfo == null ? "none" : "(set)") + "]";
    }
}
