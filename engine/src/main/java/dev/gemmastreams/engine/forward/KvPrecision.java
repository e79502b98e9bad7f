package dev.gemmastreams.engine.forward;

/**
 * How a sequence's keys and values are stored. BF16 halves the memory of F32 (what lets many sequences share one
 * machine); its rounding is the one Hugging Face applies when a model runs in bfloat16, and the fidelity tests
 * measure it against a reference that rounds its cache the same way. INT8 halves BF16 again: each key or value
 * head of a position is stored as 8-bit integers with one float scale ({@link Int8Rows}), a quarter of F32 plus the
 * scales.
 */
public enum KvPrecision {
    F32(4, 0),
    BF16(2, 0),
    INT8(1, Float.BYTES);

    private final int valueBytes;
    private final int scaleBytes;

    KvPrecision(int valueBytes, int scaleBytes) {
        this.valueBytes = valueBytes;
        this.scaleBytes = scaleBytes;
    }

    /** Bytes the keys (or the values) of one position take: every head's numbers and its scale, if any. */
    public long bytesPerRow(int kvHeads, int headDim) {
        return (long) kvHeads * headDim * valueBytes + (long) kvHeads * scaleBytes;
    }
}
