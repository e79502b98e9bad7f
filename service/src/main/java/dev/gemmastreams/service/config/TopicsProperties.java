package dev.gemmastreams.service.config;

import dev.gemmastreams.topology.TopicNames;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/** Topic names and how the service creates them when they are missing. */
@Validated
@ConfigurationProperties("gemma-streams.topics")
public record TopicsProperties(
        @NotBlank String documents,
        @NotBlank String questions,
        @NotBlank String summaries,
        @NotBlank String answers,
        @NotBlank String safetyVerdicts,
        @NotBlank String deadLetters,
        /** Partitions of new topics: at least the stream threads, or some threads have nothing to do. */
        @NotNull @Min(1) Integer partitions,
        /** -1 takes the broker's default.replication.factor. */
        @NotNull @Min(-1) Integer replicationFactor) {

    public TopicsProperties {
        TopicNames defaults = TopicNames.defaults();
        documents = orDefault(documents, defaults.documents());
        questions = orDefault(questions, defaults.questions());
        summaries = orDefault(summaries, defaults.summaries());
        answers = orDefault(answers, defaults.answers());
        safetyVerdicts = orDefault(safetyVerdicts, defaults.safetyVerdicts());
        deadLetters = orDefault(deadLetters, defaults.deadLetters());
        partitions = partitions != null ? partitions : 8;
        replicationFactor = replicationFactor != null ? replicationFactor : -1;
    }

    public TopicNames names() {
        return new TopicNames(documents, questions, summaries, answers, safetyVerdicts, deadLetters);
    }

    private static String orDefault(String value, String fallback) {
        return value != null ? value : fallback;
    }
}
