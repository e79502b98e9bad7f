package dev.gemmastreams.service.config;

import java.nio.file.Path;
import java.time.Duration;

import dev.gemmastreams.engine.forward.KvPrecision;
import dev.gemmastreams.engine.serve.ModelWorker;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
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
        /** Or a Hugging Face repository id (e.g. google/gemma-2-2b-it), downloaded once into {@code hubCache}. */
        String hubRepo,
        @NotBlank String hubRevision,
        /** Access token for gated models such as Gemma; defaults to the HF_TOKEN environment variable. */
        String hubToken,
        @NotNull Path hubCache,
        @NotNull java.net.URI hubEndpoint,
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
        /**
         * Requests the model runs at once, batched into shared forward steps (continuous batching); also the
         * default number of stream threads, so that a backlog keeps the batch full.
         */
        @NotNull @Min(1) @Max(128) Integer maxBatch,
        /** How keys and values are stored: BF16 (half the memory of F32, the default), F32 or INT8 (half of BF16). */
        @NotNull KvPrecision kvCachePrecision,
        /**
         * Memory all running requests' KV caches may take together; a request waits until its share fits, and
         * one that can never fit is refused. Unset: half the JVM's maximum heap.
         */
        DataSize kvCacheBudget,
        /** Longest a single model call may take, queue time included. */
        @NotNull Duration requestTimeout,
        /** Tries of a failing model call before the input becomes a dead letter. */
        @NotNull @Min(1) @Max(10) Integer attempts) {

    public ModelProperties {
        hubRevision = hubRevision != null ? hubRevision : "main";
        hubToken = hubToken != null ? hubToken : System.getenv("HF_TOKEN");
        hubCache = hubCache != null ? hubCache
                : Path.of(System.getProperty("user.home"), ".cache", "gemma-streams", "hub");
        hubEndpoint = hubEndpoint != null ? hubEndpoint : dev.gemmastreams.engine.provision.HuggingFaceHub.DEFAULT_ENDPOINT;
        demoDir = demoDir != null ? demoDir : DataDirs.root().resolve("models").resolve("demo-tiny");
        demoShape = demoShape != null ? demoShape : "tiny";
        maxSummaryTokens = maxSummaryTokens != null ? maxSummaryTokens : 256;
        maxAnswerTokens = maxAnswerTokens != null ? maxAnswerTokens : 256;
        contextTokens = contextTokens != null ? contextTokens : 8192;
        queueCapacity = queueCapacity != null ? queueCapacity : 16;
        maxBatch = maxBatch != null ? maxBatch : 8;
        kvCachePrecision = kvCachePrecision != null ? kvCachePrecision : KvPrecision.BF16;
        requestTimeout = requestTimeout != null ? requestTimeout : Duration.ofMinutes(5);
        attempts = attempts != null ? attempts : 3;
    }

    /** The KV cache budget in bytes: the configured one, or half the JVM's maximum heap. */
    public long kvCacheBudgetBytes() {
        return kvCacheBudget != null ? kvCacheBudget.toBytes() : Runtime.getRuntime().maxMemory() / 2;
    }

    /** How the model worker runs requests. */
    public ModelWorker.Options workerOptions() {
        return new ModelWorker.Options(maxBatch, queueCapacity, kvCachePrecision, kvCacheBudgetBytes());
    }

    public boolean demo() {
        return dir == null && (hubRepo == null || hubRepo.isBlank());
    }

    @Override
    public String toString() {
        // Never print the token.
        return "ModelProperties[dir=" + dir + ", hubRepo=" + hubRepo + ", demo=" + demo() + "]";
    }
}
