package dev.gemmastreams.registry;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure the registry topic exists as it must: one partition (a single total order of writes) and
 * compacted (the latest value of every key kept forever, never deleted by retention).
 */
final class SchemaTopic {

    private static final Logger log = LoggerFactory.getLogger(SchemaTopic.class);

    private SchemaTopic() {
    }

    static void ensure(Admin admin, String topic, Duration timeout) {
        try {
            if (!exists(admin, topic, timeout)) {
                create(admin, topic, timeout);
            }
            NewTopicMetadata.awaitKnown(timeout, () -> {
                verify(admin, topic, timeout);
                return null;
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("Cannot prepare schema registry topic '" + topic + "': " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not answer within " + timeout + " while preparing schema registry topic '"
                    + topic + "'", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while preparing schema registry topic '" + topic + "'", e);
        }
    }

    private static boolean exists(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.describeTopics(Set.of(topic)).allTopicNames().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }

    private static void create(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        int brokers = admin.describeCluster().nodes().get(timeout.toMillis(), TimeUnit.MILLISECONDS).size();
        short replication = (short) Math.max(1, Math.min(3, brokers));
        NewTopic newTopic = new NewTopic(topic, 1, replication)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(newTopic)).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created schema registry topic '{}' (compacted, 1 partition, replication factor {})", topic, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e; // someone else creating it at the same moment is fine
            }
        }
    }

    private static void verify(Admin admin, String topic, Duration timeout)
            throws ExecutionException, InterruptedException, TimeoutException {
        TopicDescription description = admin.describeTopics(Set.of(topic)).allTopicNames()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(topic);
        int partitions = description.partitions().size();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config = admin.describeConfigs(Set.of(resource)).all()
                .get(timeout.toMillis(), TimeUnit.MILLISECONDS).get(resource);
        String cleanupPolicy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
        if (partitions != 1 || !cleanupPolicy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
            throw new IllegalStateException("Schema registry topic '" + topic + "' must have 1 partition and "
                    + "cleanup.policy=compact, but has " + partitions + " partition(s) and cleanup.policy=" + cleanupPolicy
                    + ". Schemas in it could be lost or reordered: use another topic (gemma-streams.registry.topic) "
                    + "or recreate this one.");
        }
    }
}
