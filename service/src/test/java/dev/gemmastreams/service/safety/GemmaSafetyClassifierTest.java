package dev.gemmastreams.service.safety;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.safety.pii.PiiDetector;
import dev.gemmastreams.engine.safety.pii.PiiRedactor;
import dev.gemmastreams.engine.safety.pii.RedactionAction;
import dev.gemmastreams.engine.safety.pii.RedactionPolicy;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.safety.policy.ShieldPrompts;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;
import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyAssessment.PiiSpan;
import dev.gemmastreams.topology.engine.SafetyAssessment.PolicyResult;
import dev.gemmastreams.topology.engine.SafetyDecision;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The classifier on the tiny random model: its scores are noise, so thresholds of 0 and 1 make the decisions
 * certain; what is checked is the structure: decisions, reasons, scores, spans and redaction.
 */
class GemmaSafetyClassifierTest {

    private static LoadedModel model;
    private static ModelWorker worker;

    @BeforeAll
    static void loadTinyModel() {
        TokenizerProvisioner tokenizers = new TokenizerProvisioner();
        assumeTrue(tokenizers.canProvision(), tokenizers.howToEnable());
        Path folder = Path.of("target", "test-models", "tiny");
        if (!Files.exists(folder.resolve(ModelFolders.TOKENIZER_FILE))) {
            ModelFolders.random(folder, "tiny", 3, tokenizers);
        }
        model = LoadedModel.load(folder);
        worker = new ModelWorker(model, ModelWorker.Options.of(4, 4));
    }

    @AfterAll
    static void close() {
        if (worker != null) {
            worker.close();
            model.close();
        }
    }

    private static GemmaSafetyClassifier classifier(double threshold, Map<String, String> piiActions, int context) {
        PiiDetector detector = new PiiDetector();
        List<SafetyPolicy> policies = SafetyPolicy.defaults();
        Map<String, Double> thresholds = Map.of("dangerous_content", threshold, "harassment", threshold,
                "hate_speech", threshold, "sexually_explicit", threshold);
        return new GemmaSafetyClassifier(worker, model.id(), context, policies, thresholds, detector,
                new PiiRedactor(detector, RedactionPolicy.fromConfig(piiActions, RedactionAction.REDACT)),
                PolicyScorer.overheadTokens(model.tokenizer()), Duration.ofMinutes(1), new SimpleMeterRegistry(),
                piiActions.toString());
    }

    @Test
    void anInputAtOrOverEveryThresholdIsBlockedNamingThePolicies() {
        SafetyAssessment verdict = classifier(0.0, Map.of(), 8192).assessInput("Some harmless text.");

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.BLOCK);
        assertThat(verdict.policies()).extracting(PolicyResult::policy)
                .containsExactly("dangerous_content", "harassment", "hate_speech", "sexually_explicit");
        assertThat(verdict.reason()).contains("dangerous_content").contains(">= 0.000");
    }

    @Test
    void anInputUnderEveryThresholdIsAllowedWithItsScoresAndPiiSpans() {
        String text = "Contact alice@example.org about the plan.";
        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192).assessInput(text);

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.ALLOW);
        assertThat(verdict.policies()).allSatisfy(p -> assertThat(p.score()).isBetween(0.0, 1.0));
        assertThat(verdict.pii()).containsExactly(new PiiSpan("EMAIL", 8, 25));
        assertThat(verdict.text()).isEqualTo(text);
        assertThat(verdict.stats().promptVersion()).isEqualTo("shieldgemma-v2");
    }

    @Test
    void piiInAnOutputIsRedactedByType() {
        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192)
                .assessOutput("Who to contact?", "Write to bob@example.com today.");

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.REDACT);
        assertThat(verdict.text()).isEqualTo("Write to [EMAIL] today.");
        assertThat(verdict.pii()).extracting(PiiSpan::type).containsExactly("EMAIL");
    }

    @Test
    void aTypeConfiguredToWithholdWithholdsTheWholeOutput() {
        SafetyAssessment verdict = classifier(1.0, Map.of("CREDIT_CARD", "WITHHOLD"), 8192)
                .assessOutput("Card?", "It is 4111 1111 1111 1111.");

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.WITHHOLD);
        assertThat(verdict.text()).isNull();
        assertThat(verdict.reason()).contains("CREDIT_CARD");
    }

    @Test
    void anOutputOverAThresholdIsWithheld() {
        SafetyAssessment verdict = classifier(0.0, Map.of(), 8192).assessOutput("Hi", "Hello.");

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.WITHHOLD);
        assertThat(verdict.reason()).startsWith("output violates");
    }

    @Test
    void textLongerThanTheContextIsScoredInWindows() {
        String longText = "Kafka moves records between services. ".repeat(400); // ~2800 tokens

        SafetyAssessment verdict = classifier(1.0, Map.of(), 1024).assessInput(longText);

        assertThat(verdict.decision()).isEqualTo(SafetyDecision.ALLOW);
        assertThat(verdict.policies()).hasSize(4);
    }

    @Test
    void badInputGetsAVerdictNotACrash() {
        GemmaSafetyClassifier classifier = classifier(1.0, Map.of(), 2048);
        String garbage = new String(new char[] {0, 1, 0xFFFF, 0xD800, 'a', 0x1B, '\n'});

        for (String text : List.of("", " ", garbage, "Mixed: Кафка 卡夫卡 كافكا 🙂 Kafka", "x".repeat(20_000))) {
            assertThat(classifier.assessInput(text).decision()).isEqualTo(SafetyDecision.ALLOW);
        }
    }

    @Test
    void textFullOfPiiReportsEverySpan() {
        String text = "a@example.com, b@example.com, 4111 1111 1111 1111, 192.168.0.1";

        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192).assessInput(text);

        assertThat(verdict.pii()).extracting(PiiSpan::type).containsExactly("EMAIL", "EMAIL", "CREDIT_CARD",
                "IP_ADDRESS");
    }

    @Test
    void anInputVerdictCountsTheTokensTheModelRead() {
        String text = "Contact alice@example.org about the plan.";
        // The content prefix is read once, then each policy's question after it.
        int expected = model.tokenizer().encodePrompt(ShieldPrompts.promptPrefix(text)).length
                + SafetyPolicy.defaults().stream()
                        .mapToInt(p -> model.tokenizer().encode(ShieldPrompts.promptSuffix(p)).length).sum();

        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192).assessInput(text);

        assertThat(verdict.stats().promptTokens()).isEqualTo(expected);
    }

    @Test
    void anOutputVerdictCountsTheTokensTheModelRead() {
        String prompt = "Who to contact?";
        String response = "Write to the team today.";
        int expected = model.tokenizer().encodePrompt(ShieldPrompts.responsePrefix(prompt, response)).length
                + SafetyPolicy.defaults().stream()
                        .mapToInt(p -> model.tokenizer().encode(ShieldPrompts.responseSuffix(p)).length).sum();

        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192).assessOutput(prompt, response);

        assertThat(verdict.stats().promptTokens()).isEqualTo(expected);
    }

    @Test
    void anInputsLanguageAddsThePhoneFormatsOfItsRegions() {
        String text = "Oficina 9619 952 23"; // a Spanish number, grouped as Spain does not write it

        SafetyAssessment verdict = classifier(1.0, Map.of(), 8192).assessInput(text, "es");

        assertThat(verdict.pii()).containsExactly(new PiiSpan("PHONE", 8, 19));
    }
}
