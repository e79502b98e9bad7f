package dev.gemmastreams.it;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/** Reads a topic from the beginning as a downstream consumer would (read_committed), remembering what it saw. */
public final class TopicReader<V> implements AutoCloseable {

    private final KafkaConsumer<String, V> consumer;
    private final List<ConsumerRecord<String, V>> seen = new ArrayList<>();

    public TopicReader(String bootstrapServers, String topic, Deserializer<V> values) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "it-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), values);
        consumer.subscribe(List.of(topic));
    }

    /** Polls until a record with this key arrives, or fails after the timeout. */
    public ConsumerRecord<String, V> awaitKey(String key, Duration timeout) {
        return await(r -> key.equals(r.key()), timeout)
                .orElseThrow(() -> new AssertionError("No record with key '" + key + "' within " + timeout
                        + "; saw keys " + seen.stream().map(ConsumerRecord::key).toList()));
    }

    public Optional<ConsumerRecord<String, V>> await(Predicate<ConsumerRecord<String, V>> wanted, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Optional<ConsumerRecord<String, V>> found = seen.stream().filter(wanted).findFirst();
            if (found.isPresent() || Instant.now().isAfter(deadline)) {
                return found;
            }
            consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
        }
    }

    /** Everything seen so far with this key. */
    public List<ConsumerRecord<String, V>> withKey(String key) {
        return seen.stream().filter(r -> key.equals(r.key())).toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
