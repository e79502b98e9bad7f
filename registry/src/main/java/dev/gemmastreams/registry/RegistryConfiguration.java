package dev.gemmastreams.registry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * The registry API served by this service, kept in a Kafka topic. Needs a {@link RegistryServerSettings} bean
 * (a reachable broker by the time the store starts) and an {@link OtherUnknownPaths} bean, both from the host.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnRegistryServed
@Import({SchemaRegistryController.class, RegistryExceptionHandler.class, RegistryUnknownPathHandler.class})
public class RegistryConfiguration {

    @Bean(initMethod = "start", destroyMethod = "close")
    public KafkaSchemaStore kafkaSchemaStore(RegistryServerSettings settings) {
        return new KafkaSchemaStore(settings.kafkaClientConfig(), settings.topic(), settings.timeout());
    }

    @Bean
    public RegistryService registryService(KafkaSchemaStore kafkaSchemaStore) {
        return new RegistryService(kafkaSchemaStore);
    }

    @Bean
    public RegistryWriteAccess registryWriteAccess(RegistryServerSettings settings) {
        return new RegistryWriteAccess(settings.serveMode(), settings.writeCredentials());
    }

    /** For this service's own serdes: registers in-process, so read-only mode and write credentials do not bar it. */
    @Bean
    public LocalSchemaRegistry localSchemaRegistry(RegistryService registryService) {
        return new LocalSchemaRegistry(registryService);
    }
}
