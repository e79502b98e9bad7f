package dev.gemmastreams.topology.support;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.results.TopologyMetrics;

/** Counts what the topology reports, by name. */
public final class CountingMetrics implements TopologyMetrics {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    public int count(String name) {
        return counts.getOrDefault(name, 0);
    }

    private void add(String name) {
        counts.merge(name, 1, Integer::sum);
    }

    @Override
    public void cacheHit(String kind) {
        add("cache-hit." + kind);
    }

    @Override
    public void cacheMiss(String kind) {
        add("cache-miss." + kind);
    }

    @Override
    public void modelCall(String kind, GenerationStats stats) {
        add("model-call." + kind);
    }

    @Override
    public void result(String kind, String status) {
        add("result." + kind + "." + status);
    }

    @Override
    public void safetyDecision(String stage, String decision) {
        add("safety." + stage + "." + decision);
    }

    @Override
    public void documentParts(int parts) {
        add("parts." + parts);
    }

    @Override
    public void deadLetter(String stage, String reason) {
        add("dead-letter." + stage + "." + reason);
    }
}
