package dev.gemmastreams.service.registry;

import dev.gemmastreams.service.kafka.SharedKafka;
import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/** Just the registry and what Spring MVC needs to serve it, on the shared test broker. */
@SpringBootConfiguration
@EnableAutoConfiguration
@EnableConfigurationProperties(RegistryProperties.class)
@Import(RegistryConfiguration.class)
class RegistryTestApplication {

    @Bean
    KafkaClientSettings kafkaClientSettings() {
        return new KafkaClientSettings(SharedKafka.clientConfig());
    }
}
