package dev.gemmastreams.service.engine;

import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.service.safety.SafetyModel;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.stereotype.Component;

/**
 * How busy each model is, as gauges: {@code gemma_streams_model_queued} (calls waiting for the model) and
 * {@code gemma_streams_model_running} (0 or 1), tagged {@code model=main}, and {@code model=safety} when the
 * safety model is a separate one with its own worker.
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
                .description("Model calls running (one model runs one call at a time)").tag("model", model)
                .register(registry);
    }
}
