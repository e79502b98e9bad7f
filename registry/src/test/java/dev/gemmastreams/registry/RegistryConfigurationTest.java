package dev.gemmastreams.registry;

import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.http.ResponseEntity;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The registry's beans appear once when served, and not at all when the registry is elsewhere. */
class RegistryConfigurationTest {

    /** An application that scans its packages, this one among them (the service imports RegistryConfiguration). */
    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(TestRegistryProperties.class)
    @ComponentScan(basePackageClasses = RegistryConfiguration.class,
            excludeFilters = @ComponentScan.Filter(type = FilterType.REGEX, pattern = ".*Test.*"))
    static class ScanningApplication {

        @Bean
        RegistryServerSettings registryServerSettings(TestRegistryProperties properties) {
            return properties.settings();
        }

        @Bean
        OtherUnknownPaths otherUnknownPaths() {
            return path -> ResponseEntity.notFound().build();
        }
    }

    private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withUserConfiguration(ScanningApplication.class)
            .withPropertyValues("gemma-streams.registry.topic=_schemas-" + UUID.randomUUID());

    @Test
    void scannedPackageServesTheRegistryOnce() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).hasSingleBean(SchemaRegistryController.class);
            assertThat(context).hasSingleBean(RegistryExceptionHandler.class);
            assertThat(context).hasSingleBean(KafkaSchemaStore.class);
        });
    }

    @Test
    void registryServedElsewhereLeavesNoRegistryBeans() {
        runner.withPropertyValues("gemma-streams.registry.serve=false").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context).doesNotHaveBean(SchemaRegistryController.class);
            assertThat(context).doesNotHaveBean(RegistryExceptionHandler.class);
            assertThat(context).doesNotHaveBean(KafkaSchemaStore.class);
        });
    }
}
