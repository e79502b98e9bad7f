package dev.gemmastreams.engine.safety.pii;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/** The configured {@link RedactionAction} per {@link PiiType}; types not configured get the default action. */
public final class RedactionPolicy {

    private final Map<PiiType, RedactionAction> actions;
    private final RedactionAction defaultAction;

    public RedactionPolicy(Map<PiiType, RedactionAction> actions, RedactionAction defaultAction) {
        this.actions = actions.isEmpty() ? new EnumMap<>(PiiType.class) : new EnumMap<>(actions);
        this.defaultAction = Objects.requireNonNull(defaultAction, "defaultAction");
    }

    /** Redact every type: the safe choice for generated outputs. */
    public static RedactionPolicy redactAll() {
        return new RedactionPolicy(Map.of(), RedactionAction.REDACT);
    }

    /**
     * From configuration strings, e.g. {@code {"EMAIL": "redact", "US_SSN": "withhold"}}; names are case-insensitive.
     *
     * @throws IllegalArgumentException naming the bad key or value
     */
    public static RedactionPolicy fromConfig(Map<String, String> config, RedactionAction defaultAction) {
        Map<PiiType, RedactionAction> actions = new EnumMap<>(PiiType.class);
        config.forEach((type, action) -> actions.put(
                parse(PiiType.class, type, "PII type"), parse(RedactionAction.class, action, "redaction action")));
        return new RedactionPolicy(actions, defaultAction);
    }

    private static <E extends Enum<E>> E parse(Class<E> enumType, String value, String what) {
        try {
            return Enum.valueOf(enumType, value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + ": " + value, e);
        }
    }

    public RedactionAction actionFor(PiiType type) {
        return actions.getOrDefault(type, defaultAction);
    }
}
