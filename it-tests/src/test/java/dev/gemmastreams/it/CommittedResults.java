package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * What a downstream consumer sees of the service's results ({@code isolation.level=read_committed}): a reader that
 * remembers every committed record of the result topics and when it first saw it, plus the small helpers the
 * exactly-once tests share (publishing documents, reading the service's own counters).
 */
final class CommittedResults implements AutoCloseable {

    static final String SUMMARIES = "summaries";
    static final String DEAD_LETTERS = "dead-letters";

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<String> topics;
    private final List<Seen> seen = new ArrayList<>();

    /** A committed record and the moment this reader first got it. */
    record Seen(ConsumerRecord<String, byte[]> record, Instant at) {
        String key() {
            return record.key();
        }

        String topic() {
            return record.topic();
        }
    }

    /**
     * Reads the given topics from the beginning, read_committed, without a consumer group. The topics may not exist
     * yet (the service creates them): the reader assigns itself their partitions once they do.
     */
    CommittedResults(String bootstrapServers, String... topics) {
        this.topics = List.of(topics);
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "it-committed-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** True once every topic exists and this reader reads all of their partitions from the beginning. */
    private boolean assigned() {
        if (!consumer.assignment().isEmpty()) {
            return true;
        }
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.listTopics(Duration.ofSeconds(5)).get(topic);
            if (infos == null || infos.isEmpty()) {
                return false;
            }
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return true;
    }

    /**
     * Polls (at least once) until every key has at least one committed record; false when the time ran out first.
     */
    boolean awaitKeys(Collection<String> keys, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        do {
            poll();
            if (keys().containsAll(keys)) {
                return true;
            }
        } while (!Instant.now().isAfter(deadline));
        return false;
    }

    /**
     * Reads up to the end of every partition as read_committed sees it (the last stable offset). Call it once the
     * service has stopped: then no transaction is open and nothing can be added later.
     */
    void readToEnd(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        if (!awaitAssigned(timeout)) {
            throw new AssertionError("The topics " + topics + " do not exist");
        }
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        while (ends.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("Could not read to the end " + ends + " within " + timeout);
            }
            poll();
        }
    }

    private void poll() {
        if (!awaitAssigned(Duration.ofSeconds(1))) {
            return; // the topics do not exist yet: the caller's deadline decides how long to go on
        }
        Instant now = Instant.now();
        consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(new Seen(r, now)));
    }

    /** Waits (a bounded time) until the topics exist and are assigned. */
    private boolean awaitAssigned(Duration timeout) {
        try {
            Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(200)).until(this::assigned);
            return true;
        } catch (ConditionTimeoutException e) {
            return false;
        }
    }

    Set<String> keys() {
        return seen.stream().map(Seen::key).collect(Collectors.toSet());
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** How many committed records each key has, over all the topics read, in key order. */
    Map<String, Long> countsByKey() {
        return seen.stream().collect(Collectors.groupingBy(Seen::key, TreeMap::new, Collectors.counting()));
    }

    /** For each key, the topics its records came from, in order. */
    Map<String, List<String>> topicsByKey() {
        Map<String, List<String>> topics = new TreeMap<>();
        seen.forEach(s -> topics.computeIfAbsent(s.key(), k -> new ArrayList<>()).add(s.topic()));
        return topics;
    }

    /** The summaries seen, decoded, by key (the last one of a key wins). */
    Map<String, Summary> summaries() {
        Map<String, Summary> summaries = new LinkedHashMap<>();
        seen.stream().filter(s -> SUMMARIES.equals(s.topic()))
                .forEach(s -> summaries.put(s.key(), summary(s.record().value())));
        return summaries;
    }

    @Override
    public void close() {
        consumer.close();
    }

    /** A Summary in the registry wire format (magic byte, schema id, Avro binary), written with its own schema. */
    static Summary summary(byte[] wire) {
        try {
            return new SpecificDatumReader<>(Summary.class)
                    .read(null, DecoderFactory.get().binaryDecoder(wire, 5, wire.length - 5, null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A producer of Avro documents registering its schema with the service's registry endpoint. */
    static KafkaProducer<String, Document> documentProducer(String bootstrapServers, ServiceProcess service) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                SerdeConfig.REGISTRY_URL, "http://localhost:" + service.httpPort());
        SpecificAvroSerializer<Document> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config, false);
        return new KafkaProducer<>(config, new StringSerializer(), serializer);
    }

    static void publish(KafkaProducer<String, Document> producer, int partition, String id, String text) {
        try {
            producer.send(new ProducerRecord<>("documents", partition, id,
                    Document.newBuilder().setId(id).setTitle("Test " + id).setText(text).build())).get();
        } catch (Exception e) {
            throw new IllegalStateException("Could not publish document " + id, e);
        }
    }

    private static final Pattern SAMPLE = Pattern.compile("^(\\w+)\\{([^}]*)}\\s+(\\S+)$");

    /**
     * Sum of a counter of the service's Prometheus export over the samples carrying all the given labels
     * (e.g. {@code kind="summary"}); 0 when it has no such sample yet, -1 when the service does not answer.
     */
    static double counter(ServiceProcess service, String name, String... labels) {
        String body = service.get("/actuator/prometheus");
        if (body == null) {
            return -1;
        }
        double sum = 0;
        for (String line : body.split("\n")) {
            Matcher m = SAMPLE.matcher(line.strip());
            if (m.matches() && m.group(1).equals(name)) {
                String tags = m.group(2);
                boolean all = true;
                for (String label : labels) {
                    all &= tags.contains(label);
                }
                if (all) {
                    sum += Double.parseDouble(m.group(3));
                }
            }
        }
        return sum;
    }
}
