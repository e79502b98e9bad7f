package dev.gemmastreams.topology.support;

import java.util.List;

import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyAssessment.PolicyResult;
import dev.gemmastreams.topology.engine.SafetyClassifier;
import dev.gemmastreams.topology.engine.SafetyDecision;

/** Deterministic safety: inputs containing FORBIDDEN are blocked, outputs containing SECRET are withheld. */
public final class KeywordSafety implements SafetyClassifier {

    @Override
    public SafetyAssessment assessInput(String text) {
        boolean bad = text.contains("FORBIDDEN");
        return new SafetyAssessment(bad ? SafetyDecision.BLOCK : SafetyDecision.ALLOW,
                List.of(new PolicyResult("keyword", bad ? 1.0 : 0.0, 0.5)), List.of(), text,
                bad ? "input violates keyword" : null, null);
    }

    @Override
    public SafetyAssessment assessOutput(String prompt, String response) {
        boolean bad = response.contains("SECRET");
        return new SafetyAssessment(bad ? SafetyDecision.WITHHOLD : SafetyDecision.ALLOW,
                List.of(new PolicyResult("keyword", bad ? 1.0 : 0.0, 0.5)), List.of(), response,
                bad ? "output violates keyword" : null, null);
    }

    @Override
    public String version() {
        return "keyword-v1";
    }
}
