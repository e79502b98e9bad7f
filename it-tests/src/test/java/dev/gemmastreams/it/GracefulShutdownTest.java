package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM stops the one-machine service cleanly: Kafka Streams commits and leaves, the registry and the broker
 * stop, the process exits; a restart on the same data finds the document and has nothing left to reprocess.
 */
class GracefulShutdownTest {

    private static final Duration START = Duration.ofSeconds(120);

    @TempDir
    Path work;

    @Test
    void sigtermCommitsStopsTheBrokerAndLosesNothing() throws Exception {
        int kafkaPort = ServiceProcess.freePort();
        String[] args = {
                "--gemma-streams.kafka.embedded.port=" + kafkaPort,
                "--gemma-streams.kafka.embedded.data-dir=" + work.resolve("kafka"),
                "--gemma-streams.streams.state-dir=" + work.resolve("streams"),
                "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                "--gemma-streams.model.max-summary-tokens=8"};
        String bootstrap = "localhost:" + kafkaPort;

        try (ServiceProcess service = ServiceProcess.start(work, args)) {
            service.awaitReady(START);
            publish(bootstrap, service, "kept-across-restart");
            await().atMost(Duration.ofSeconds(60)).until(() -> service.status("/documents/kept-across-restart") == 200);

            int exit = service.terminate(Duration.ofSeconds(60));

            assertThat(exit).as(service.log()).isIn(0, 143);
            assertThat(service.log())
                    .contains("Closing Kafka Streams")
                    .contains("Kafka Streams state PENDING_SHUTDOWN -> NOT_RUNNING")
                    .contains("Stopping the in-process Kafka broker")
                    .doesNotContain(" ERROR ");
        }

        try (ServiceProcess restarted = ServiceProcess.start(work, args)) {
            restarted.awaitReady(START);
            assertThat(restarted.status("/documents/kept-across-restart")).isEqualTo(200);
            assertThat(uncommittedDocuments(bootstrap)).isZero();
            restarted.terminate(Duration.ofSeconds(60));
        }
    }

    private static void publish(String bootstrap, ServiceProcess service, String id) throws Exception {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                SerdeConfig.REGISTRY_URL, "http://localhost:" + service.httpPort());
        SpecificAvroSerializer<Document> serializer = new SpecificAvroSerializer<>();
        serializer.configure(config, false);
        try (KafkaProducer<String, Document> producer = new KafkaProducer<>(config, new StringSerializer(), serializer)) {
            producer.send(new ProducerRecord<>("documents", id,
                    Document.newBuilder().setId(id).setText("Survives a restart.").build())).get();
        }
    }

    /** Records on `documents` that the application has not committed past. */
    private static long uncommittedDocuments(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets("gemma-streams").partitionsToOffsetAndMetadata().get();
            long behind = 0;
            for (var partition : admin.describeTopics(java.util.List.of("documents")).allTopicNames().get()
                    .get("documents").partitions()) {
                TopicPartition tp = new TopicPartition("documents", partition.partition());
                long end = admin.listOffsets(Map.of(tp, OffsetSpec.latest())).partitionResult(tp).get().offset();
                OffsetAndMetadata done = committed.get(tp);
                behind += end - (done == null ? 0 : done.offset());
            }
            return behind;
        }
    }

}
