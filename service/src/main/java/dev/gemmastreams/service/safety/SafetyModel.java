package dev.gemmastreams.service.safety;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.serve.ModelWorker;

/** The model that scores policies: the main one (shared worker) or a separate safety model it owns. */
public record SafetyModel(LoadedModel model, ModelWorker worker, boolean owned) implements AutoCloseable {

    @Override
    public void close() {
        if (owned) {
            worker.close();
            model.close();
        }
    }
}
