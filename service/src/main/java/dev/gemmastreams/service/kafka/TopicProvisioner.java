package dev.gemmastreams.service.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.gemmastreams.registry.NewTopicMetadata;
import dev.gemmastreams.service.config.TopicsProperties;
import dev.gemmastreams.topology.TopicNames;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the service's topics when they are missing and checks that existing ones are usable: documents and
 * questions must have the same number of partitions, since questions are joined to documents by key.
 */
public class TopicProvisioner {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final long TIMEOUT_SECONDS = 60;

    private final KafkaClientSettings settings;
    private final TopicsProperties topics;

    public TopicProvisioner(KafkaClientSettings settings, TopicsProperties topics) {
        this.settings = settings;
        this.topics = topics;
    }

    /** Creates and checks the topics; returns the number of partitions of the documents topic. */
    public int ensureTopics() {
        TopicNames names = topics.names();
        List<String> all = new ArrayList<>(names.inputs());
        all.addAll(names.outputs());
        try (Admin admin = Admin.create(settings.clientConfig())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = all.stream().filter(t -> !existing.contains(t)).map(this::newTopic).toList();
            create(admin, missing);
            Map<String, TopicDescription> described = new LinkedHashMap<>(NewTopicMetadata.awaitKnown(
                    Duration.ofSeconds(TIMEOUT_SECONDS),
                    () -> admin.describeTopics(all).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)));
            check(names, described);
            return described.get(names.documents()).partitions().size();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while checking topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Cannot create or check the topics " + all + " on "
                    + settings.bootstrapServers() + ": " + rootMessage(e), e);
        }
    }

    /** The brokers' transaction.max.timeout.ms: a producer asking for more is refused. */
    public Duration maxTransactionTimeout() {
        try (Admin admin = Admin.create(settings.clientConfig())) {
            String broker = admin.describeCluster().nodes().get(TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .iterator().next().idString();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker);
            ConfigEntry entry = admin.describeConfigs(List.of(resource)).all()
                    .get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource).get("transaction.max.timeout.ms");
            return Duration.ofMillis(Long.parseLong(entry.value()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading broker limits", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Cannot read the brokers' transaction.max.timeout.ms ({}); assuming Kafka's default of 15 minutes",
                    rootMessage(e));
            return Duration.ofMinutes(15);
        }
    }

    /**
     * The largest record every one of these topics accepts (their {@code max.message.bytes}), or
     * {@code fallback} when it cannot be read.
     */
    public int maxMessageBytes(List<String> names, int fallback) {
        try (Admin admin = Admin.create(settings.clientConfig())) {
            List<ConfigResource> resources = names.stream()
                    .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
            return admin.describeConfigs(resources).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).values().stream()
                    .mapToInt(config -> Integer.parseInt(config.get("max.message.bytes").value()))
                    .min().orElse(fallback);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading topic limits", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            log.warn("Cannot read the output topics' max.message.bytes ({}); assuming {}", rootMessage(e), fallback);
            return fallback;
        }
    }

    private NewTopic newTopic(String name) {
        Optional<Short> replication = topics.replicationFactor() < 0
                ? Optional.empty() : Optional.of(topics.replicationFactor().shortValue());
        return new NewTopic(name, Optional.of(topics.partitions()), replication);
    }

    private void create(Admin admin, List<NewTopic> missing) throws InterruptedException, TimeoutException,
            ExecutionException {
        if (missing.isEmpty()) {
            return;
        }
        try {
            admin.createTopics(missing).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            log.info("Created topics {}", missing.stream().map(NewTopic::name).toList());
        } catch (ExecutionException e) {
            // Another instance may have created them at the same moment: that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private void check(TopicNames names, Map<String, TopicDescription> described) {
        int documents = described.get(names.documents()).partitions().size();
        int questions = described.get(names.questions()).partitions().size();
        if (documents != questions) {
            throw new IllegalStateException("Topics '" + names.documents() + "' (" + documents + " partitions) and '"
                    + names.questions() + "' (" + questions + " partitions) must have the same number of partitions:"
                    + " questions are joined to documents by key");
        }
        described.forEach((name, description) -> {
            if (description.partitions().size() != topics.partitions()) {
                log.info("Topic '{}' exists with {} partitions (new topics get {})",
                        name, description.partitions().size(), topics.partitions());
            }
        });
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}
