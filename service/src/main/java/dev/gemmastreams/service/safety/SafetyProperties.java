package dev.gemmastreams.service.safety;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Safety classification of inputs and outputs: ShieldGemma-style policies with a threshold each, scored by the
 * main model or a separate safety model folder, and PII detection with a per-type action for outputs.
 */
@Validated
@ConfigurationProperties("gemma-streams.safety")
public record SafetyProperties(
        Boolean enabled,
        /** A separate safety model (e.g. ShieldGemma 2B); unset uses the main model. */
        Path modelDir,
        @NotEmpty List<@Valid Policy> policies,
        /** Per PII type (EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS, US_SSN): REDACT, WITHHOLD or ALLOW. */
        @NotNull Map<String, String> piiActions,
        /** Regions for phone numbers written without a country code; international forms are always found. */
        @NotEmpty List<String> phoneRegions) {

    public SafetyProperties {
        enabled = enabled == null || enabled;
        policies = policies != null ? List.copyOf(policies) : List.of(
                new Policy("dangerous_content", null, null, null), new Policy("harassment", null, null, null),
                new Policy("hate_speech", null, null, null), new Policy("sexually_explicit", null, null, null));
        piiActions = piiActions != null ? Map.copyOf(piiActions) : Map.of();
        phoneRegions = phoneRegions != null ? List.copyOf(phoneRegions) : List.of("US", "GB", "DE", "FR");
    }

    /** Threshold of a policy without one: P(Yes) at or above it is a violation. */
    public static final double DEFAULT_THRESHOLD = 0.5;
    /** The demo model's scores are noise around 0.5: its default threshold lets the pipeline be seen working. */
    public static final double DEMO_THRESHOLD = 0.99;

    /**
     * A policy: one of ShieldGemma's four by name (descriptions built in), or a custom one with its own
     * descriptions for prompts and for responses. No threshold means the default.
     */
    public record Policy(@NotBlank String name, String promptDescription, String responseDescription,
                         @DecimalMin("0.0") @DecimalMax("1.0") Double threshold) {

        public double thresholdOr(double fallback) {
            return threshold != null ? threshold : fallback;
        }
    }
}
