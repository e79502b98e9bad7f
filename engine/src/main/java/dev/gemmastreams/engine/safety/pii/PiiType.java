package dev.gemmastreams.engine.safety.pii;

/**
 * The kinds of personal data the detector reports. The declaration order is the tie-break when two findings of the
 * same length overlap: earlier constants are more specific (a checksum or a strict format backs them).
 */
public enum PiiType {
    CREDIT_CARD,
    IBAN,
    US_SSN,
    IP_ADDRESS,
    EMAIL,
    PHONE;

    /** The placeholder that replaces a redacted span, e.g. {@code [EMAIL]}. */
    public String placeholder() {
        return "[" + name() + "]";
    }
}
