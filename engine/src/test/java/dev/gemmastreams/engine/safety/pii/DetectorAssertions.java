package dev.gemmastreams.engine.safety.pii;

import java.util.List;

/** Shared helper: what a detector found, as the covered substrings, in order of start. */
final class DetectorAssertions {

    private DetectorAssertions() {
    }

    static List<String> found(PiiTypeDetector detector, String text) {
        return detector.detect(text).stream()
                .sorted(java.util.Comparator.comparingInt(Finding::start))
                .map(f -> f.textIn(text))
                .toList();
    }
}
