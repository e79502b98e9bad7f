package dev.gemmastreams.service.kafka;

import java.util.HashMap;
import java.util.Map;

import dev.gemmastreams.service.config.KafkaProperties;
import dev.gemmastreams.service.config.TopicsProperties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Connects to the configured cluster, or starts the in-process broker when none is configured. */
@Configuration(proxyBeanMethods = false)
public class KafkaConfiguration {

    private static final Logger log = LoggerFactory.getLogger(KafkaConfiguration.class);

    @Bean(destroyMethod = "close")
    KafkaCluster kafkaCluster(KafkaProperties properties, ObjectProvider<PendingBroker> pending) {
        if (properties.useEmbeddedBroker()) {
            PendingBroker early = pending.getIfAvailable();
            if (early != null) {
                return KafkaCluster.inProcess(early.await());
            }
            KafkaProperties.Embedded embedded = properties.embedded();
            return KafkaCluster.inProcess(new InProcessKafkaBroker(embedded.dataDir(), embedded.port()).start());
        }
        log.info("Joining the Kafka cluster at {}", properties.bootstrapServers());
        return KafkaCluster.external(properties.bootstrapServers());
    }

    @Bean
    KafkaClientSettings kafkaClientSettings(KafkaCluster cluster, KafkaProperties properties) {
        Map<String, Object> config = new HashMap<>(properties.client());
        config.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        KafkaClientSettings settings = new KafkaClientSettings(config);
        if (!cluster.isInProcess()) {
            KafkaAccessCheck.verify(settings);
        }
        return settings;
    }

    @Bean
    TopicProvisioner topicProvisioner(KafkaClientSettings settings, TopicsProperties topics) {
        return new TopicProvisioner(settings, topics);
    }
}
