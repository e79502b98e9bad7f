package dev.gemmastreams.topology.engine;

/** Judges inputs before any generation and generated outputs before they are published. */
public interface SafetyClassifier {

    SafetyAssessment assessInput(String text);

    SafetyAssessment assessOutput(String prompt, String response);

    /** Changes whenever policies, thresholds or the safety model change, so cached results are not reused. */
    String version();
}
