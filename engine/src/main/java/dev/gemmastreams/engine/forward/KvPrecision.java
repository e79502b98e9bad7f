package dev.gemmastreams.engine.forward;

/**
 * How a sequence's keys and values are stored. BF16 halves the memory of F32 (what lets many sequences share one
 * machine); its rounding is the one Hugging Face applies when a model runs in bfloat16, and the fidelity tests
 * measure it against a reference that rounds its cache the same way.
 */
public enum KvPrecision {
    F32(4),
    BF16(2);

    private final int bytes;

    KvPrecision(int bytes) {
        this.bytes = bytes;
    }

    public int bytesPerValue() {
        return bytes;
    }
}
