package dev.gemmastreams.engine.serve;

import java.util.function.BooleanSupplier;

import dev.gemmastreams.engine.generate.Generator;

/** Work for the model: runs on the worker's thread with exclusive use of the generator. */
@FunctionalInterface
public interface ModelTask<T> {
    /** @param cancelled true once the caller gave up; long work should check it and stop */
    T run(Generator generator, BooleanSupplier cancelled);
}
