package dev.gemmastreams.service.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gemmastreams.engine.forward.KvPrecision;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.context.annotation.Configuration;

/** A bad setting stops start-up with a message that names the property. */
class ConfigurationValidationTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({TopicsProperties.class, StreamsProperties.class, KafkaProperties.class})
    static class PropertiesOnly {
    }

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(PropertiesOnly.class);

    @Test
    void defaultsNeedNoSettings() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(TopicsProperties.class).documents()).isEqualTo("documents");
            assertThat(context.getBean(TopicsProperties.class).partitions()).isEqualTo(8);
            assertThat(context.getBean(KafkaProperties.class).useEmbeddedBroker()).isTrue();
            assertThat(context.getBean(KafkaProperties.class).embedded().port()).isEqualTo(9092);
        });
    }

    @Test
    void byDefaultThePollIntervalIsUncappedAndTheTransactionCapIsKafkasBrokerDefault() {
        runner.run(context -> {
            StreamsProperties streams = context.getBean(StreamsProperties.class);
            assertThat(streams.maxPollInterval()).isNull();
            assertThat(streams.maxTransactionTimeout()).isEqualTo(java.time.Duration.ofMinutes(15));
        });
    }

    @Test
    void zeroPartitionsIsRefusedNamingTheProperty() {
        runner.withPropertyValues("gemma-streams.topics.partitions=0").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("gemma-streams.topics.partitions"));
    }

    @Test
    void aBlankApplicationIdIsRefusedNamingTheProperty() {
        runner.withPropertyValues("gemma-streams.streams.application-id= ").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("gemma-streams.streams.application-id"));
    }

    @Test
    void anOutOfRangeBrokerPortIsRefusedNamingTheProperty() {
        runner.withPropertyValues("gemma-streams.kafka.embedded.port=70000").run(context ->
                assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("gemma-streams.kafka.embedded.port"));
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(ModelProperties.class)
    static class ModelOnly {
    }

    @Test
    void int8KeysAndValuesAreAKvCachePrecision() {
        modelRunner().withPropertyValues("gemma-streams.model.kv-cache-precision=INT8").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(ModelProperties.class).kvCachePrecision()).isEqualTo(KvPrecision.INT8);
        });
    }

    @Test
    void anUnknownKvCachePrecisionStopsStartUpNamingTheValue() {
        modelRunner().withPropertyValues("gemma-streams.model.kv-cache-precision=INT4").run(context ->
                assertThat(context).getFailure().rootCause().hasMessageContaining("INT4"));
    }

    private static ApplicationContextRunner modelRunner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
                .withUserConfiguration(ModelOnly.class);
    }

    @Test
    void securitySettingsPassThroughToClients() {
        runner.withPropertyValues("gemma-streams.kafka.bootstrap-servers=kafka:9093",
                "gemma-streams.kafka.client.[security.protocol]=SASL_SSL").run(context -> {
            KafkaProperties kafka = context.getBean(KafkaProperties.class);
            assertThat(kafka.useEmbeddedBroker()).isFalse();
            assertThat(kafka.client()).containsEntry("security.protocol", "SASL_SSL");
        });
    }
}
