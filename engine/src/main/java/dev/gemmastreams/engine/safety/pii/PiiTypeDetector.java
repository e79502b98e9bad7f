package dev.gemmastreams.engine.safety.pii;

import java.util.List;

/** Finds every occurrence of one {@link PiiType} in a text. Implementations are stateless and thread-safe. */
public interface PiiTypeDetector {

    PiiType type();

    /** Findings of {@link #type()} in any order; they may overlap each other, {@link PiiDetector} sorts that out. */
    List<Finding> detect(String text);

    /**
     * Same, knowing what detectors that ran earlier already claimed. A costly detector may skip those spans (their
     * findings are more specific); the default ignores them.
     */
    default List<Finding> detect(String text, List<Finding> claimed) {
        return detect(text);
    }

    /** Same, knowing the text's language tag (null when unknown); only detectors whose formats vary by region use it. */
    default List<Finding> detect(String text, List<Finding> claimed, String language) {
        return detect(text, claimed);
    }
}
