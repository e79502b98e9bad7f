package dev.gemmastreams.topology.engine;

/** Judges inputs before any generation and generated outputs before they are published. */
public interface SafetyClassifier {

    SafetyAssessment assessInput(String text);

    /**
     * An input whose language is known (a BCP 47 tag, or null): a classifier may read it with that language's
     * conventions, e.g. the national phone formats of the regions where it is spoken.
     */
    default SafetyAssessment assessInput(String text, String language) {
        return assessInput(text);
    }

    SafetyAssessment assessOutput(String prompt, String response);

    /** Changes whenever policies, thresholds or the safety model change, so cached results are not reused. */
    String version();
}
