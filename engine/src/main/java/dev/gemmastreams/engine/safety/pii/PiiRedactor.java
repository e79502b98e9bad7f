package dev.gemmastreams.engine.safety.pii;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Applies a {@link RedactionPolicy} to a text: placeholders for REDACT types, nothing at all if any WITHHOLD type. */
public final class PiiRedactor {

    private final PiiDetector detector;
    private final RedactionPolicy policy;

    public PiiRedactor(PiiDetector detector, RedactionPolicy policy) {
        this.detector = detector;
        this.policy = policy;
    }

    public RedactionResult redact(String text) {
        return redact(text, detector.detect(text));
    }

    /** For callers that already ran the detector; {@code findings} must be non-overlapping and sorted by start. */
    public RedactionResult redact(String text, List<Finding> findings) {
        Map<PiiType, RedactionAction> actions = new EnumMap<>(PiiType.class);
        for (Finding finding : findings) {
            actions.put(finding.type(), policy.actionFor(finding.type()));
        }
        if (actions.containsValue(RedactionAction.WITHHOLD)) {
            return new RedactionResult(true, Optional.empty(), findings, actions);
        }
        StringBuilder out = new StringBuilder(text.length());
        int copied = 0;
        for (Finding finding : findings) {
            if (actions.get(finding.type()) == RedactionAction.REDACT) {
                out.append(text, copied, finding.start()).append(finding.type().placeholder());
                copied = finding.end();
            }
        }
        out.append(text, copied, text.length());
        return new RedactionResult(false, Optional.of(out.toString()), findings, actions);
    }
}
