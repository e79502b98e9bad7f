package dev.gemmastreams.service.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import dev.gemmastreams.service.config.TopicsProperties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;

/** Topics are created when missing, and existing ones that cannot work together stop the start. */
class TopicProvisionerTest {

    private final KafkaClientSettings settings = new KafkaClientSettings(SharedKafka.clientConfig());

    @Test
    void createsMissingTopicsWithTheConfiguredPartitions() throws Exception {
        TopicsProperties topics = uniqueTopics(2);

        new TopicProvisioner(settings, topics).ensureTopics();

        try (Admin admin = Admin.create(settings.clientConfig())) {
            var described = admin.describeTopics(List.of(topics.documents(), topics.deadLetters()))
                    .allTopicNames().get();
            assertThat(described.get(topics.documents()).partitions()).hasSize(2);
            assertThat(described.get(topics.deadLetters()).partitions()).hasSize(2);
        }
    }

    @Test
    void existingTopicsAreKeptAsTheyAre() {
        TopicsProperties topics = uniqueTopics(2);
        new TopicProvisioner(settings, topics).ensureTopics();

        new TopicProvisioner(settings, topics).ensureTopics();
    }

    @Test
    void documentsAndQuestionsWithDifferentPartitionCountsAreRefused() throws Exception {
        TopicsProperties topics = uniqueTopics(2);
        try (Admin admin = Admin.create(settings.clientConfig())) {
            admin.createTopics(List.of(new NewTopic(topics.documents(), 2, (short) 1),
                    new NewTopic(topics.questions(), 3, (short) 1))).all().get();
        }

        assertThatThrownBy(() -> new TopicProvisioner(settings, topics).ensureTopics())
                .hasMessageContaining(topics.documents()).hasMessageContaining(topics.questions())
                .hasMessageContaining("same number of partitions");
    }

    @Test
    void anUnreachableClusterGivesAClearError() {
        KafkaClientSettings nowhere = new KafkaClientSettings(Map.of("bootstrap.servers", "localhost:1",
                "default.api.timeout.ms", 2000, "request.timeout.ms", 1000));

        assertThatThrownBy(() -> new TopicProvisioner(nowhere, uniqueTopics(1)).ensureTopics())
                .hasMessageContaining("localhost:1");
    }

    private static TopicsProperties uniqueTopics(int partitions) {
        String run = UUID.randomUUID().toString().substring(0, 8);
        return new TopicsProperties("documents-" + run, "questions-" + run, "summaries-" + run, "answers-" + run,
                "safety-verdicts-" + run, "dead-letters-" + run, partitions, 1);
    }
}
