package dev.gemmastreams.engine.safety.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * P(Yes) per policy for one text, and how many tokens the model read to score it: the shared content prefix once
 * plus each policy's own continuation.
 */
public record PolicyScores(Map<String, Double> byPolicy, int promptTokens) {

    public PolicyScores {
        byPolicy = Collections.unmodifiableMap(new LinkedHashMap<>(byPolicy)); // in the policies' order
    }
}
