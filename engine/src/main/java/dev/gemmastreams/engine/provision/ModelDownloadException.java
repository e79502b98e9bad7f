package dev.gemmastreams.engine.provision;

/** A model could not be downloaded; the message says why and what to do about it. */
public class ModelDownloadException extends RuntimeException {
    public ModelDownloadException(String message) {
        super(message);
    }

    public ModelDownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
