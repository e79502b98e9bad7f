package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

class PiiRedactorTest {

    private static final String TEXT = "Mail a@example.com or call +44 20 7946 0958 from 192.0.2.1.";

    private final PiiDetector detector = new PiiDetector();

    private PiiRedactor redactor(Map<PiiType, RedactionAction> actions) {
        return new PiiRedactor(detector, new RedactionPolicy(actions, RedactionAction.REDACT));
    }

    @Test
    void redactsEveryTypeWithItsPlaceholder() {
        RedactionResult result = new PiiRedactor(detector, RedactionPolicy.redactAll()).redact(TEXT);
        assertThat(result.withheld()).isFalse();
        assertThat(result.text()).contains("Mail [EMAIL] or call [PHONE] from [IP_ADDRESS].");
    }

    @Test
    void placeholdersNameTheType() {
        assertThat(PiiType.CREDIT_CARD.placeholder()).isEqualTo("[CREDIT_CARD]");
        assertThat(PiiType.US_SSN.placeholder()).isEqualTo("[US_SSN]");
    }

    @Test
    void allowLeavesThatTypeInPlace() {
        RedactionResult result = redactor(Map.of(PiiType.IP_ADDRESS, RedactionAction.ALLOW)).redact(TEXT);
        assertThat(result.text()).contains("Mail [EMAIL] or call [PHONE] from 192.0.2.1.");
    }

    @Test
    void withholdPublishesNothing() {
        RedactionResult result = redactor(Map.of(PiiType.PHONE, RedactionAction.WITHHOLD)).redact(TEXT);
        assertThat(result.withheld()).isTrue();
        assertThat(result.text()).isEmpty();
    }

    @Test
    void withholdTypeThatIsAbsentDoesNotWithhold() {
        RedactionResult result = redactor(Map.of(PiiType.US_SSN, RedactionAction.WITHHOLD)).redact(TEXT);
        assertThat(result.withheld()).isFalse();
    }

    @Test
    void resultTellsTheActionTakenPerTypeFound() {
        RedactionResult result = redactor(Map.of(PiiType.IP_ADDRESS, RedactionAction.ALLOW)).redact(TEXT);
        assertThat(result.actions()).containsOnly(
                Map.entry(PiiType.EMAIL, RedactionAction.REDACT),
                Map.entry(PiiType.PHONE, RedactionAction.REDACT),
                Map.entry(PiiType.IP_ADDRESS, RedactionAction.ALLOW));
    }

    @Test
    void resultKeepsTheFindingsEvenWhenWithheld() {
        RedactionResult result = redactor(Map.of(PiiType.EMAIL, RedactionAction.WITHHOLD)).redact(TEXT);
        assertThat(result.findings()).hasSize(3);
    }

    @Test
    void textWithoutPiiIsUnchanged() {
        RedactionResult result = new PiiRedactor(detector, RedactionPolicy.redactAll()).redact("nothing here");
        assertThat(result.text()).contains("nothing here");
        assertThat(result.actions()).isEmpty();
    }
}
