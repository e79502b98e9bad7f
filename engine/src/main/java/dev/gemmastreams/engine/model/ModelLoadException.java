package dev.gemmastreams.engine.model;

/** A model folder could not be loaded; the message names the folder, file or key at fault. */
public class ModelLoadException extends RuntimeException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
