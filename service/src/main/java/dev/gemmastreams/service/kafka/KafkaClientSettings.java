package dev.gemmastreams.service.kafka;

import java.util.Map;

/** What every Kafka client of the service needs to connect: bootstrap servers plus TLS/SASL settings. */
public record KafkaClientSettings(Map<String, Object> clientConfig) {
    public KafkaClientSettings {
        clientConfig = Map.copyOf(clientConfig);
    }

    public String bootstrapServers() {
        return String.valueOf(clientConfig.get("bootstrap.servers"));
    }
}
