package dev.gemmastreams.service.engine;

import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

import dev.gemmastreams.engine.generate.ContextOverflowException;
import dev.gemmastreams.engine.serve.EngineBusyException;
import dev.gemmastreams.engine.serve.EngineTimeoutException;
import dev.gemmastreams.topology.engine.EngineException;

/** Translates engine failures for the topology: a busy or slow model is worth another try, the rest is not. */
final class EngineErrors {

    private EngineErrors() {
    }

    static <T> T translate(Supplier<T> call) {
        try {
            return call.get();
        } catch (EngineBusyException | EngineTimeoutException | CancellationException e) {
            throw new EngineException(e.getMessage(), true, e);
        } catch (ContextOverflowException e) {
            throw new EngineException(e.getMessage(), false, e);
        } catch (RuntimeException e) {
            throw new EngineException(e.getClass().getSimpleName() + ": " + e.getMessage(), false, e);
        }
    }
}
