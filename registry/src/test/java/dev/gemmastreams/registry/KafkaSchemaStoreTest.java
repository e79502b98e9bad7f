package dev.gemmastreams.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.gemmastreams.registry.Schemas.ORDER;
import static dev.gemmastreams.registry.Schemas.USER_V1;
import static dev.gemmastreams.registry.Schemas.USER_V2;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The registry's contents in Kafka: they survive restarts, and the topic must be fit to keep them. */
class KafkaSchemaStoreTest {

    private final String topic = "_schemas-" + UUID.randomUUID();
    private final List<KafkaSchemaStore> stores = new ArrayList<>();

    @AfterEach
    void closeStores() {
        stores.forEach(KafkaSchemaStore::close);
    }

    private KafkaSchemaStore startedStore() {
        KafkaSchemaStore store = new KafkaSchemaStore(TestKafka.clientConfig(), topic, Duration.ofSeconds(20));
        stores.add(store);
        store.start();
        return store;
    }

    private static Admin admin() {
        return Admin.create(TestKafka.clientConfig());
    }

    @Test
    void restartedStoreFindsTheSameIdsAndVersions() {
        RegistryService before = new RegistryService(startedStore());
        int userV1 = before.register("users-value", USER_V1.toString());
        int userV2 = before.register("users-value", USER_V2.toString());
        int order = before.register("orders-value", ORDER.toString());
        stores.getFirst().close();

        RegistryService after = new RegistryService(startedStore());

        assertThat(after.subjects()).containsExactly("orders-value", "users-value");
        assertThat(after.versions("users-value")).containsExactly(1, 2);
        assertThat(after.version("users-value", "2").id()).isEqualTo(userV2);
        assertThat(after.register("users-value", USER_V1.toString())).isEqualTo(userV1);
        assertThat(after.register("archive-value", ORDER.toString())).isEqualTo(order);
        assertThat(after.register("events-value", "\"string\"")).isEqualTo(order + 1);
    }

    @Test
    void restartedStoreKeepsCompatibilityLevels() {
        RegistryService before = new RegistryService(startedStore());
        before.setGlobalLevel("FULL");
        before.setSubjectLevel("users-value", "NONE");
        stores.getFirst().close();

        RegistryService after = new RegistryService(startedStore());

        assertThat(after.globalLevel()).isEqualTo(CompatibilityLevel.FULL);
        assertThat(after.subjectLevel("users-value", false)).isEqualTo(CompatibilityLevel.NONE);
    }

    @Test
    void restartedStoreKeepsSoftDeletesAndTheirIds() {
        RegistryService before = new RegistryService(startedStore());
        int id = before.register("users-value", USER_V1.toString());
        before.register("users-value", USER_V2.toString());
        before.deleteVersion("users-value", "1");
        stores.getFirst().close();

        RegistryService after = new RegistryService(startedStore());

        assertThat(after.versions("users-value")).containsExactly(2);
        assertThat(after.schemaById(id)).isEqualTo(USER_V1.toString());
        assertThat(after.register("users-value", USER_V1.toString())).isEqualTo(id);
        assertThat(after.versions("users-value")).containsExactly(2, 3);
    }

    @Test
    void secondStoreOnTheTopicCatchesUpBeforeAssigningIds() {
        RegistryService first = new RegistryService(startedStore());
        RegistryService second = new RegistryService(startedStore());

        int users = first.register("users-value", USER_V1.toString());
        int orders = second.register("orders-value", ORDER.toString());

        assertThat(orders).isEqualTo(users + 1);
    }

    @Test
    void missingTopicIsCreatedCompactedWithOnePartition() throws Exception {
        startedStore();

        try (Admin admin = admin()) {
            TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic);
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource)).all().get().get(resource);

            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get("cleanup.policy").value()).isEqualTo("compact");
        }
    }

    @Test
    void existingTopicWithSeveralPartitionsStopsTheStart() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)
                    .configs(Map.of("cleanup.policy", "compact")))).all().get();
        }

        assertThatThrownBy(this::startedStore)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic).hasMessageContaining("3 partition(s)");
    }

    @Test
    void existingTopicWithoutCompactionStopsTheStart() throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }

        assertThatThrownBy(this::startedStore)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(topic).hasMessageContaining("cleanup.policy=delete");
    }
}
