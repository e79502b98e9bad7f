package dev.gemmastreams.topology.engine;

/** What to do with a text: publish it, publish it redacted, refuse to process it, or refuse to publish it. */
public enum SafetyDecision {
    ALLOW, REDACT, BLOCK, WITHHOLD, NOT_CLASSIFIED
}
