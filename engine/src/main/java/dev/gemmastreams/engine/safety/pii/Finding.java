package dev.gemmastreams.engine.safety.pii;

import java.util.Objects;

/**
 * One piece of personal data found in a text: its type and its span as UTF-16 indexes into the Java string
 * ({@code start} inclusive, {@code end} exclusive), so {@code text.substring(start, end)} is the PII itself.
 */
public record Finding(PiiType type, int start, int end) {

    public Finding {
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }

    /** The covered text; for tests and local tooling only, never for logs or records. */
    public String textIn(CharSequence text) {
        return text.subSequence(start, end).toString();
    }
}
