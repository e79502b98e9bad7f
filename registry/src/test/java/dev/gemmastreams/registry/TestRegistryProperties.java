package dev.gemmastreams.registry;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The tests' binding of the gemma-streams.registry.* names the service binds (its RegistryProperties), with its
 * defaults, so the Spring tests here configure the server with the properties users set.
 */
@ConfigurationProperties("gemma-streams.registry")
record TestRegistryProperties(@DefaultValue("read-write") String serve, @DefaultValue("_schemas") String topic,
                              @DefaultValue("10s") Duration timeout, String writeCredentials) {

    RegistryServerSettings settings() {
        return new RegistryServerSettings(TestKafka.clientConfig(), RegistryServeMode.parse(serve), topic, timeout,
                writeCredentials);
    }
}
