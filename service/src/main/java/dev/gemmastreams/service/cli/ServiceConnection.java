package dev.gemmastreams.service.cli;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Option;

/** Where the running service's Kafka and registry are; the defaults are the one-machine setup's. */
final class ServiceConnection {

    @Option(names = "--bootstrap-servers", defaultValue = "localhost:9092", description = "Kafka (default ${DEFAULT-VALUE})")
    String bootstrapServers;

    @Option(names = "--registry", defaultValue = "http://localhost:8080",
            description = "schema registry (default ${DEFAULT-VALUE}: the service's own)")
    String registry;

    <T extends SpecificRecord> KafkaProducer<String, T> producer() {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all", SerdeConfig.REGISTRY_URL, registry);
        SpecificAvroSerializer<T> values = new SpecificAvroSerializer<>();
        values.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), values);
    }

    /** Reads committed results only, as any downstream consumer should. */
    <T extends SpecificRecord> KafkaConsumer<String, T> consumer(Class<T> type, List<String> topics) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>();
        values.configure(Map.of(SerdeConfig.REGISTRY_URL, registry, SerdeConfig.SPECIFIC_AVRO_CLASS, type.getName()),
                false);
        KafkaConsumer<String, T> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "gemma-streams-cli-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), values);
        consumer.subscribe(topics);
        return consumer;
    }

    static final Duration POLL = Duration.ofMillis(500);
}
