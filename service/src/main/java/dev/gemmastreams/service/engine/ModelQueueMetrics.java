package dev.gemmastreams.service.engine;

import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.service.safety.SafetyModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * How busy each model is, as gauges: {@code gemma_streams_model_queued} (calls waiting for the model),
 * {@code gemma_streams_model_running} (calls holding a sequence, at most {@code max-batch}), the latest step's
 * {@code gemma_streams_model_batch_size} (sequences) and {@code _batch_rows} (tokens), and the KV cache reserved
 * against its budget; tagged {@code model=main}, and {@code model=safety} when the safety model is a separate one
 * with its own worker.
 */
@Component
public class ModelQueueMetrics implements MeterBinder {

    private final ModelWorker main;
    private final SafetyModel safety;

    public ModelQueueMetrics(ModelWorker main, SafetyModel safety) {
        this.main = main;
        this.safety = safety;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        bind(registry, main, "main");
        if (safety.owned()) {
            bind(registry, safety.worker(), "safety");
        }
    }

    static void bind(MeterRegistry registry, ModelWorker worker, String model) {
        Gauge.builder("gemma_streams.model.queued", worker, ModelWorker::queued)
                .description("Model calls waiting for the model").tag("model", model).register(registry);
        Gauge.builder("gemma_streams.model.running", worker, ModelWorker::running)
                .description("Model calls running, each holding a sequence (at most model.max-batch)")
                .tag("model", model).register(registry);
        Gauge.builder("gemma_streams.model.batch.size", worker, ModelWorker::batchSize)
                .description("Sequences in the latest batched forward step").tag("model", model).register(registry);
        Gauge.builder("gemma_streams.model.batch.rows", worker, ModelWorker::batchRows)
                .description("Tokens in the latest batched forward step (decode rows plus prompt chunks)")
                .tag("model", model).register(registry);
        Gauge.builder("gemma_streams.model.kv.cache.reserved", worker, ModelWorker::kvCacheReservedBytes)
                .description("KV cache memory reserved by running calls").baseUnit("bytes").tag("model", model)
                .register(registry);
        Gauge.builder("gemma_streams.model.kv.cache.budget", worker, ModelWorker::kvCacheBudgetBytes)
                .description("KV cache memory all running calls may reserve together").baseUnit("bytes")
                .tag("model", model).register(registry);
    }
}
