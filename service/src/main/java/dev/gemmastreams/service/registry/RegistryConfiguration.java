package dev.gemmastreams.service.registry;

import dev.gemmastreams.service.config.RegistryProperties;
import dev.gemmastreams.service.kafka.KafkaClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The registry API served by this service, kept in a Kafka topic. Needs a {@link KafkaClientSettings} bean
 * (a reachable broker by the time the store starts) and the {@link RegistryProperties} bean.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRegistryServed
@Import({SchemaRegistryController.class, RegistryExceptionHandler.class, RegistryUnknownPathHandler.class})
public class RegistryConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public KafkaSchemaStore kafkaSchemaStore(KafkaClientSettings kafka, RegistryProperties properties) {
        return new KafkaSchemaStore(kafka.clientConfig(), properties.topic(), properties.timeout());
    }

    @Bean
    public RegistryService registryService(KafkaSchemaStore kafkaSchemaStore) {
        return new RegistryService(kafkaSchemaStore);
    }

    @Bean
    public RegistryWriteAccess registryWriteAccess(RegistryProperties properties) {
        return new RegistryWriteAccess(properties.serveMode(), properties.writeCredentials());
    }

    /** For this service's own serdes: registers in-process, so read-only mode and write credentials do not bar it. */
    @Bean
    public LocalSchemaRegistry localSchemaRegistry(RegistryService registryService) {
        return new LocalSchemaRegistry(registryService);
    }
}
