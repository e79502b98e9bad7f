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
        properties = properties != null ? Map.copyOf(properties) : Map.of();
    }
}
