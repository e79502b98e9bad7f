package dev.gemmastreams.topology.results;

import dev.gemmastreams.topology.engine.GenerationStats;

/** What the topology reports as it works; the service exports it (Micrometer). */
public interface TopologyMetrics {

    /** kind: "summary" or "answer". */
    void cacheHit(String kind);

    void cacheMiss(String kind);

    /** A model call that produced a result of this kind. */
    void modelCall(String kind, GenerationStats stats);

    /** A result published, by kind and status (OK, BLOCKED, WITHHELD, FAILED). */
    void result(String kind, String status);

    void safetyDecision(String stage, String decision);

    void documentParts(int parts);

    /** An input that went to the dead-letter topic, by stage and reason. */
    void deadLetter(String stage, String reason);
}
