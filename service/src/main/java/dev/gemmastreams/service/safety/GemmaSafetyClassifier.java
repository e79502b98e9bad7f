package dev.gemmastreams.service.safety;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.safety.pii.Finding;
import dev.gemmastreams.engine.safety.pii.PiiDetector;
import dev.gemmastreams.engine.safety.pii.PiiRedactor;
import dev.gemmastreams.engine.safety.pii.RedactionResult;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.PolicyScores;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.safety.policy.ShieldPrompts;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.engine.serve.Queued;
import dev.gemmastreams.topology.engine.EngineException;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyAssessment.PiiSpan;
import dev.gemmastreams.topology.engine.SafetyAssessment.PolicyResult;
import dev.gemmastreams.topology.engine.SafetyClassifier;
import dev.gemmastreams.topology.engine.SafetyDecision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Two layers on every input and output: PII detection (outputs are redacted or withheld per type) and policy
 * scores the ShieldGemma way, each against its threshold. Text longer than the safety model's context is scored
 * in windows and the highest score counts. An input over a threshold is BLOCKED; an output is WITHHELD.
 */
public final class GemmaSafetyClassifier implements SafetyClassifier {

    private final ModelWorker worker;
    private final String modelId;
    private final List<SafetyPolicy> policies;
    private final Map<String, Double> thresholds;
    private final PiiDetector pii;
    private final PiiRedactor redactor;
    private final int windowTokens;
    private final int contextTokens;
    private final int overheadTokens;
    private final Duration timeout;
    private final MeterRegistry meters;
    private final String version;

    public GemmaSafetyClassifier(ModelWorker worker, String modelId, int contextTokens, List<SafetyPolicy> policies,
                                 Map<String, Double> thresholds, PiiDetector pii, PiiRedactor redactor,
                                 int overheadTokens, Duration timeout, MeterRegistry meters, String piiSignature) {
        this.worker = worker;
        this.modelId = modelId;
        this.policies = List.copyOf(policies);
        this.thresholds = Map.copyOf(thresholds);
        this.pii = pii;
        this.redactor = redactor;
        this.windowTokens = (contextTokens - overheadTokens) / 2; // a response window plus its prompt's head
        this.contextTokens = contextTokens;
        this.overheadTokens = overheadTokens;
        this.timeout = timeout;
        this.meters = meters;
        this.version = ShieldPrompts.VERSION + "|" + modelId + "|" + thresholds + "|" + policies.stream()
                .map(p -> p.name() + ":" + p.promptDescription().hashCode() + ":" + p.responseDescription().hashCode())
                .toList() + "|" + piiSignature;
    }

    @Override
    public SafetyAssessment assessInput(String text) {
        return assessInput(text, null);
    }

    @Override
    public SafetyAssessment assessInput(String text, String language) {
        List<PiiSpan> spans = spans(pii.detect(text, language));
        Scored scored = score(positionsFor(text), generator -> {
            List<PolicyScores> perWindow = new ArrayList<>();
            for (String window : TextWindows.of(generator.tokenizer(), text, windowTokens)) {
                perWindow.add(PolicyScorer.scoresForPrompt(generator, window, policies));
            }
            return perWindow;
        });
        List<PolicyResult> results = results(scored, "INPUT");
        List<String> violated = violated(results);
        SafetyDecision decision = violated.isEmpty() ? SafetyDecision.ALLOW : SafetyDecision.BLOCK;
        return new SafetyAssessment(decision, results, spans, text,
                violated.isEmpty() ? null : "input violates " + String.join(", ", violated), scored.stats());
    }

    @Override
    public SafetyAssessment assessOutput(String prompt, String response) {
        RedactionResult redaction = redactor.redact(response);
        Scored scored = score(positionsFor(prompt + response), generator -> {
            String promptHead = TextWindows.head(generator.tokenizer(), prompt, windowTokens);
            List<PolicyScores> perWindow = new ArrayList<>();
            for (String window : TextWindows.of(generator.tokenizer(), response, windowTokens)) {
                perWindow.add(PolicyScorer.scoresForResponse(generator, promptHead, window, policies));
            }
            return perWindow;
        });
        List<PolicyResult> results = results(scored, "OUTPUT");
        List<String> violated = violated(results);
        List<PiiSpan> spans = spans(redaction.findings());
        if (!violated.isEmpty()) {
            return new SafetyAssessment(SafetyDecision.WITHHOLD, results, spans, null,
                    "output violates " + String.join(", ", violated), scored.stats());
        }
        if (redaction.withheld()) {
            return new SafetyAssessment(SafetyDecision.WITHHOLD, results, spans, null,
                    "output contains PII that is withheld: " + redaction.actions().keySet(), scored.stats());
        }
        String text = redaction.text().orElse(response);
        SafetyDecision decision = text.equals(response) ? SafetyDecision.ALLOW : SafetyDecision.REDACT;
        return new SafetyAssessment(decision, results, spans, text,
                decision == SafetyDecision.REDACT ? "PII redacted: " + redaction.actions().keySet() : null,
                scored.stats());
    }

    @Override
    public String version() {
        return version;
    }

    private record Scored(Map<String, Double> maxima, GenerationStats stats) {
    }

    /**
     * The longest sequence scoring can hold: the prompt around the content plus the content, which has no more
     * tokens than UTF-8 bytes (a cheap bound that needs no tokenizing), never more than the context.
     */
    private int positionsFor(String content) {
        long bytes = content.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return (int) Math.min(contextTokens, bytes + overheadTokens);
    }

    /** Runs the scoring on the model; the highest score of each policy over all windows counts. */
    private Scored score(int positions, Function<Generator, List<PolicyScores>> scoring) {
        long[] prefillNanos = new long[1];
        Queued<List<PolicyScores>> queued;
        try {
            queued = worker.call(positions, (generator, cancelled) -> {
                long start = System.nanoTime();
                List<PolicyScores> windows = scoring.apply(generator);
                prefillNanos[0] = System.nanoTime() - start;
                return windows;
            }, timeout);
        } catch (RuntimeException e) {
            throw new EngineException("Safety scoring failed: " + e.getMessage(),
                    !(e instanceof IllegalArgumentException), e);
        }
        Map<String, Double> maxima = new LinkedHashMap<>();
        int promptTokens = 0;
        for (PolicyScores window : queued.value()) {
            window.byPolicy().forEach((policy, score) -> maxima.merge(policy, score, Math::max));
            promptTokens += window.promptTokens();
        }
        return new Scored(maxima, new GenerationStats(modelId, ShieldPrompts.VERSION, promptTokens, 0,
                TimeUnit.NANOSECONDS.toMillis(queued.queueNanos()), TimeUnit.NANOSECONDS.toMillis(prefillNanos[0]), 0));
    }

    private List<PolicyResult> results(Scored scored, String stage) {
        List<PolicyResult> results = new ArrayList<>();
        scored.maxima().forEach((policy, score) -> {
            PolicyResult result = new PolicyResult(policy, score, thresholds.get(policy));
            results.add(result);
            Counter.builder("gemma_streams_safety_policy_checks")
                    .description("Policy checks, by stage, policy and whether the threshold was reached")
                    .tag("stage", stage).tag("policy", policy).tag("violated", String.valueOf(result.violated()))
                    .register(meters).increment();
        });
        return results;
    }

    private static List<String> violated(List<PolicyResult> results) {
        return results.stream().filter(PolicyResult::violated)
                .map(r -> String.format("%s (%.3f >= %.3f)", r.policy(), r.score(), r.threshold())).toList();
    }

    private static List<PiiSpan> spans(List<Finding> findings) {
        return findings.stream().map(f -> new PiiSpan(f.type().name(), f.start(), f.end())).toList();
    }
}
