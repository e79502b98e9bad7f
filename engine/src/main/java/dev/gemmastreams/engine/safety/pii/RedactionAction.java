package dev.gemmastreams.engine.safety.pii;

/** What happens to a generated output that contains a given type of PII. */
public enum RedactionAction {
    /** Replace each span with its placeholder, e.g. {@code [EMAIL]}. */
    REDACT,
    /** Publish nothing: the whole output is held back. */
    WITHHOLD,
    /** Leave the span as it is. */
    ALLOW
}
