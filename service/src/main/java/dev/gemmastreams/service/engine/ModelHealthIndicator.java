package dev.gemmastreams.service.engine;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.serve.ModelWorker;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/** The model is loaded (the service does not start without it); reports which one and how busy it is. */
@Component("model")
public class ModelHealthIndicator implements HealthIndicator {

    private final LoadedModel model;
    private final ModelWorker worker;

    public ModelHealthIndicator(LoadedModel model, ModelWorker worker) {
        this.model = model;
        this.worker = worker;
    }

    @Override
    public Health health() {
        return Health.up()
                .withDetail("id", model.id())
                .withDetail("folder", model.model().folder().toAbsolutePath().toString())
                .withDetail("loadMillis", model.loadNanos() / 1_000_000)
                .withDetail("running", worker.running())
                .withDetail("queued", worker.queued())
                .withDetail("queueCapacity", worker.capacity())
                .withDetail("maxBatch", worker.maxBatch())
                .build();
    }
}
