package dev.gemmastreams.topology.engine;

import java.util.List;

/**
 * Lets everything through and says so: verdicts carry NOT_CLASSIFIED, never a pretended ALLOW. Used when the
 * service runs without safety classification.
 */
public final class NotClassifiedSafety implements SafetyClassifier {

    private static final String REASON = "safety classification is not enabled";

    @Override
    public SafetyAssessment assessInput(String text) {
        return new SafetyAssessment(SafetyDecision.NOT_CLASSIFIED, List.of(), List.of(), text, REASON, null);
    }

    @Override
    public SafetyAssessment assessOutput(String prompt, String response) {
        return new SafetyAssessment(SafetyDecision.NOT_CLASSIFIED, List.of(), List.of(), response, REASON, null);
    }

    @Override
    public String version() {
        return "not-classified";
    }
}
