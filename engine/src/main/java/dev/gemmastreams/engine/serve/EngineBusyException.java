package dev.gemmastreams.engine.serve;

/** The model's queue is full: the caller should back off and try again. */
public class EngineBusyException extends RuntimeException {
    public EngineBusyException(int capacity) {
        super("The model is busy: its queue of " + capacity + " requests is full");
    }
}
