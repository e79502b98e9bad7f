package dev.gemmastreams.service.engine;

import java.nio.file.Path;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.provision.HuggingFaceHub;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.service.config.ModelProperties;
import dev.gemmastreams.topology.engine.TokenCounter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Loads the model once and shares it, through one worker that batches concurrent requests and queues the rest,
 * with everything that generates.
 */
@Configuration(proxyBeanMethods = false)
public class EngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(EngineConfiguration.class);

    @Bean(destroyMethod = "close")
    LoadedModel loadedModel(ModelProperties properties) {
        Path folder = properties.dir() != null ? properties.dir()
                : properties.demo() ? DemoModel.ensure(properties.demoDir(), properties.demoShape())
                : download(properties);
        LoadedModel model = LoadedModel.load(folder);
        log.info("Model '{}' loaded from {} in {} ms ({} layers, hidden {}, context {})", model.id(),
                folder.toAbsolutePath(), model.loadNanos() / 1_000_000, model.model().config().numHiddenLayers(),
                model.model().config().hiddenSize(), model.model().config().maxPositionEmbeddings());
        return model;
    }

    @Bean(destroyMethod = "close")
    ModelWorker modelWorker(LoadedModel model, ModelProperties properties) {
        ModelWorker.Options options = properties.workerOptions();
        log.info("Model worker: up to {} requests batched at once, {} more queued, {} KV cache, budget {} MiB",
                options.maxBatch(), options.queueCapacity(), options.kvPrecision(), options.kvCacheBudgetBytes() >> 20);
        return new ModelWorker(model, options);
    }

    @Bean
    ModelCalls modelCalls(LoadedModel model, ModelWorker worker, ModelProperties properties) {
        return new ModelCalls(model, worker, properties.requestTimeout());
    }

    @Bean
    GemmaSummarizer summarizer(ModelCalls calls, ModelProperties properties, LoadedModel model) {
        return new GemmaSummarizer(calls, contextTokens(properties, model), properties.maxSummaryTokens());
    }

    @Bean
    GemmaAnswerer answerer(ModelCalls calls, ModelProperties properties) {
        return new GemmaAnswerer(calls, properties.maxAnswerTokens());
    }

    @Bean
    TokenCounter tokenCounter(ModelCalls calls) {
        return calls::tokens;
    }

    private static Path download(ModelProperties properties) {
        log.info("Fetching {} ({}) from {} into {}", properties.hubRepo(), properties.hubRevision(),
                properties.hubEndpoint(), properties.hubCache());
        return new HuggingFaceHub(properties.hubEndpoint(), properties.hubToken(), properties.hubCache())
                .download(properties.hubRepo(), properties.hubRevision(), progress -> log.info("  {}: {} MB{}",
                        progress.file(), progress.bytes() >> 20,
                        progress.total() > 0 ? " of " + (progress.total() >> 20) + " MB" : ""));
    }

    /** The context the service uses: the configured one, never more than the model's. */
    public static int contextTokens(ModelProperties properties, LoadedModel model) {
        return Math.min(properties.contextTokens(), model.model().config().maxPositionEmbeddings());
    }
}
