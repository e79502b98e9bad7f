package dev.gemmastreams.service.registry;

import dev.gemmastreams.registry.ConditionalOnRegistryServed;
import dev.gemmastreams.registry.OtherUnknownPaths;
import dev.gemmastreams.registry.RegistryConfiguration;
import dev.gemmastreams.registry.RegistryServerSettings;
import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import dev.gemmastreams.service.web.JsonError;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpStatus;

/**
 * The schema registry server (the registry module) served by this service unless gemma-streams.registry.serve is
 * off: on the service's Kafka connection, with the server's part of the service's registry properties, and the
 * service's own JSON error for unknown paths outside the registry's.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRegistryServed
@Import(RegistryConfiguration.class)
public class ServedRegistryConfiguration {

    @Bean
    public RegistryServerSettings registryServerSettings(KafkaClientSettings kafka, RegistryProperties registry) {
        return new RegistryServerSettings(kafka.clientConfig(), registry.serveMode(), registry.topic(),
                registry.timeout(), registry.writeCredentials());
    }

    @Bean
    public OtherUnknownPaths otherUnknownPaths() {
        return path -> JsonError.response(HttpStatus.NOT_FOUND, "No such path: " + path);
    }
}
