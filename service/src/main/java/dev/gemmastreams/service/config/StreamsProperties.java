package dev.gemmastreams.service.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The Kafka Streams instance. Instances with the same application id share the input partitions.
 * {@code properties} passes any other Kafka Streams setting through unchanged.
 */
@Validated
@ConfigurationProperties("gemma-streams.streams")
public record StreamsProperties(
        @NotBlank String applicationId,
        @NotNull Path stateDir,
        /**
         * Stream threads. Each processes its partitions one record at a time and waits on the model, so the number
         * of threads (with at least as many input partitions) is how many model calls a backlog keeps in flight.
         * Unset: {@code gemma-streams.model.max-batch}, which keeps the model's batch full.
         */
        @Min(1) Integer threads,
        @NotNull Duration closeTimeout,
        @NotNull @Min(1) Integer maxDocumentChars,
        @NotNull @Min(1) Integer maxQuestionChars,
        /** How long a question waits for a document that has not arrived, before it becomes a dead letter. */
        @NotNull Duration questionWait,
        @NotNull Duration pendingCheckInterval,
        /** Size of the passages documents are cut into for answering, in model tokens. */
        @NotNull @Min(16) Integer passageTokens,
        /** Host name other instances use to reach this one's HTTP port (interactive queries). */
        @NotBlank String advertisedHost,
        /**
         * Static group membership: a restarted instance with the same id takes its partitions straight back
         * instead of waiting for a session timeout. Unset: application id, host name and a hash of the state folder.
         */
        String instanceId,
        /**
         * How many bytes of the original key and value a dead letter keeps, together (the rest is described by
         * its size and SHA-256): keep it well under the dead-letter topic's maximum message size.
         */
        @NotNull @Min(0) Integer deadLetterOriginalBytes,
        /**
         * How long the group waits for a silent member before giving its partitions to the others: a killed
         * instance's partitions are idle this long, and a restarted one back within it takes them back untouched.
         */
        @NotNull Duration sessionTimeout,
        /** Warm copies of each task's state on other instances (used only when several run), for quick failover. */
        @NotNull @Min(0) Integer standbyReplicas,
        /**
         * Caps the derived poll interval, which under Kafka's classic rebalance protocol is also how long a
         * rebalance waits for a member to rejoin. Unset (the default): no cap, the poll interval covers what a round
         * may take. A cap below how long rounds really take makes every such round end with its thread dropped from
         * the group and its work redone: when the model is the bottleneck, every round is that long.
         */
        Duration maxPollInterval,
        /**
         * Caps the derived transaction timeout: how long read_committed consumers may wait behind the open
         * transaction of an instance that died. 15 minutes, Kafka's default transaction.max.timeout.ms: a transaction
         * can stay open across a record's model calls (a fast record's output, then a slow record in the same round),
         * and one the broker aborts is redone.
         */
        @NotNull Duration maxTransactionTimeout,
        @NotNull Map<String, String> properties) {

    /** The stream threads: the configured number, or one per request the model batches. */
    public int threadsFor(ModelProperties model) {
        return threads != null ? threads : model.maxBatch();
    }

    public StreamsProperties {
        applicationId = applicationId != null ? applicationId : "gemma-streams";
        stateDir = stateDir != null ? stateDir : DataDirs.root().resolve("streams");
        closeTimeout = closeTimeout != null ? closeTimeout : Duration.ofSeconds(30);
        maxDocumentChars = maxDocumentChars != null ? maxDocumentChars : 1_000_000;
        maxQuestionChars = maxQuestionChars != null ? maxQuestionChars : 2_000;
        questionWait = questionWait != null ? questionWait : Duration.ofMinutes(10);
        pendingCheckInterval = pendingCheckInterval != null ? pendingCheckInterval : Duration.ofSeconds(1);
        passageTokens = passageTokens != null ? passageTokens : 256;
        advertisedHost = advertisedHost != null ? advertisedHost : "localhost";
        deadLetterOriginalBytes = deadLetterOriginalBytes != null ? deadLetterOriginalBytes : 64 * 1024;
        sessionTimeout = sessionTimeout != null ? sessionTimeout : Duration.ofSeconds(30);
        standbyReplicas = standbyReplicas != null ? standbyReplicas : 1;
        maxTransactionTimeout = maxTransactionTimeout != null ? maxTransactionTimeout : Duration.ofMinutes(15);
        properties = properties != null ? Map.copyOf(properties) : Map.of();
    }

    /** Secrets (tokens, passwords, JAAS configs, URL user info) hidden: settings end up in logs and messages. */
    @Override
    public String toString() {
        return Secrets.describe(this);
    }
}
