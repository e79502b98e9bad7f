package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps one finding per stretch of text: where findings overlap the longest wins, and at equal length the more
 * specific type ({@link PiiType} declaration order), so the digits of a card are not also reported as a phone and
 * an e-mail address made of digits is not also a card.
 */
final class OverlapResolver {

    private static final Comparator<Finding> PREFERENCE = Comparator
            .comparingInt(Finding::length).reversed()
            .thenComparing(Finding::type)
            .thenComparingInt(Finding::start);

    private OverlapResolver() {
    }

    /** The surviving findings, sorted by start. */
    static List<Finding> resolve(List<Finding> candidates) {
        List<Finding> byPreference = new ArrayList<>(candidates);
        byPreference.sort(PREFERENCE);
        // Accepted findings never overlap, so the neighbours by start are the only ones a candidate can hit.
        TreeMap<Integer, Finding> accepted = new TreeMap<>();
        for (Finding candidate : byPreference) {
            if (!overlapsAccepted(accepted, candidate)) {
                accepted.put(candidate.start(), candidate);
            }
        }
        return new ArrayList<>(accepted.values());
    }

    private static boolean overlapsAccepted(TreeMap<Integer, Finding> accepted, Finding candidate) {
        Map.Entry<Integer, Finding> before = accepted.floorEntry(candidate.start());
        if (before != null && before.getValue().overlaps(candidate)) {
            return true;
        }
        Map.Entry<Integer, Finding> after = accepted.ceilingEntry(candidate.start());
        return after != null && after.getValue().overlaps(candidate);
    }
}
