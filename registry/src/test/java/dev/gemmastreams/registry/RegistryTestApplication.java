package dev.gemmastreams.registry;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.ResponseEntity;

/** Just the registry and what Spring MVC needs to serve it, on the shared test broker. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(TestRegistryProperties.class)
@Import(RegistryConfiguration.class)
class RegistryTestApplication {

    @Bean
    RegistryServerSettings registryServerSettings(TestRegistryProperties properties) {
        return properties.settings();
    }

    /** Stands in for the service's own JSON error: the registry's tests only tell it apart from Confluent's. */
    @Bean
    OtherUnknownPaths otherUnknownPaths() {
        return path -> ResponseEntity.status(404).body("not a registry path: " + path);
    }
}
