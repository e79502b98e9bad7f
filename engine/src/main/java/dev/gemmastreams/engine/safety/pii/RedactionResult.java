package dev.gemmastreams.engine.safety.pii;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outcome of redacting one output.
 *
 * @param withheld  true when a {@link RedactionAction#WITHHOLD} type was found: nothing may be published
 * @param text      the text to publish (placeholders in place of redacted spans); empty when withheld
 * @param findings  everything that was found, sorted by start (types and spans, safe to record)
 * @param actions   the action taken for each type that was found; types not found are absent
 */
public record RedactionResult(boolean withheld, Optional<String> text, List<Finding> findings,
                              Map<PiiType, RedactionAction> actions) {

    public RedactionResult {
        findings = List.copyOf(findings);
        actions = Map.copyOf(actions);
    }
}
