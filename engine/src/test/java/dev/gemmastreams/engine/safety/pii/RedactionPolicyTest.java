package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

class RedactionPolicyTest {

    @Test
    void readsConfigurationCaseInsensitively() {
        RedactionPolicy policy = RedactionPolicy.fromConfig(
                Map.of("email", "allow", "US_SSN", "Withhold"), RedactionAction.REDACT);
        assertThat(policy.actionFor(PiiType.EMAIL)).isEqualTo(RedactionAction.ALLOW);
        assertThat(policy.actionFor(PiiType.US_SSN)).isEqualTo(RedactionAction.WITHHOLD);
    }

    @Test
    void unconfiguredTypeGetsTheDefault() {
        RedactionPolicy policy = RedactionPolicy.fromConfig(Map.of("email", "allow"), RedactionAction.WITHHOLD);
        assertThat(policy.actionFor(PiiType.IBAN)).isEqualTo(RedactionAction.WITHHOLD);
    }

    @Test
    void unknownTypeIsNamedInTheError() {
        assertThatThrownBy(() -> RedactionPolicy.fromConfig(Map.of("passport", "redact"), RedactionAction.REDACT))
                .hasMessageContaining("passport");
    }

    @Test
    void unknownActionIsNamedInTheError() {
        assertThatThrownBy(() -> RedactionPolicy.fromConfig(Map.of("email", "mask"), RedactionAction.REDACT))
                .hasMessageContaining("mask");
    }
}
