package dev.gemmastreams.topology.engine;

import java.util.List;

/**
 * A safety decision and everything that explains it: per-policy scores against thresholds and PII spans (never
 * the PII itself). {@code text} is what may be published: the input or output, redacted when the decision says so.
 */
public record SafetyAssessment(SafetyDecision decision, List<PolicyResult> policies, List<PiiSpan> pii,
                               String text, String reason, GenerationStats stats) {

    public SafetyAssessment {
        policies = List.copyOf(policies);
        pii = List.copyOf(pii);
    }

    public record PolicyResult(String policy, double score, double threshold) {
        public boolean violated() {
            return score >= threshold;
        }
    }

    public record PiiSpan(String type, int start, int end) {
    }
}
