package dev.gemmastreams.service.config;

import java.nio.file.Path;
import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The model and how it is used. With no {@code dir} the service makes (once) and runs a tiny random-weight
 * demo model: it shows the whole pipeline working, but its text is meaningless.
 */
@Validated
@ConfigurationProperties("gemma-streams.model")
public record ModelProperties(
        /** A Hugging Face Gemma 2 folder (config.json, tokenizer.json, safetensors). */
        Path dir,
        /** Where the demo model is written when no dir is given. */
        @NotNull Path demoDir,
        @NotBlank String demoShape,
        /** Longest summary (and part summary), in tokens. */
        @NotNull @Min(1) Integer maxSummaryTokens,
        @NotNull @Min(1) Integer maxAnswerTokens,
        /** The context used, at most the model's (8192 for Gemma 2). */
        @NotNull @Min(256) @Max(8192) Integer contextTokens,
        /** Requests waiting for the model beyond this are refused and retried later. */
        @NotNull @Min(1) Integer queueCapacity,
        /** Longest a single model call may take, queue time included. */
        @NotNull Duration requestTimeout,
        /** Tries of a failing model call before the input becomes a dead letter. */
        @NotNull @Min(1) @Max(10) Integer attempts) {

    public ModelProperties {
        demoDir = demoDir != null ? demoDir : DataDirs.root().resolve("models").resolve("demo-tiny");
        demoShape = demoShape != null ? demoShape : "tiny";
        maxSummaryTokens = maxSummaryTokens != null ? maxSummaryTokens : 256;
        maxAnswerTokens = maxAnswerTokens != null ? maxAnswerTokens : 256;
        contextTokens = contextTokens != null ? contextTokens : 8192;
        queueCapacity = queueCapacity != null ? queueCapacity : 16;
        requestTimeout = requestTimeout != null ? requestTimeout : Duration.ofMinutes(5);
        attempts = attempts != null ? attempts : 3;
    }

    public boolean demo() {
        return dir == null;
    }
}
