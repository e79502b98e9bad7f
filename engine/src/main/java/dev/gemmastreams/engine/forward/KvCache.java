package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;
import java.util.Arrays;

/**
 * Keys and values of every layer for one sequence, in heap arrays ([slot][kvHeads*headDim] per layer), F32, BF16
 * or INT8 (then with one scale per slot and key/value head, [slot][kvHeads], see {@link Int8Rows}), grown on
 * demand up to a reserved number of positions: no temporary files.
 *
 * <p>Sliding-window layers keep a ring of {@code window + REWIND} slots (position p in slot p % ring) instead of
 * the whole sequence: a query sees only the last {@code window} keys, and the extra slots let a prefill chunk write
 * its keys before its first row reads the window, and let {@link #setLength} rewind a shared prefix by up to
 * {@link #REWIND} positions once the ring has wrapped (the safety classifier scores several policies after one
 * prefix). A rewind the ring can no longer serve is refused rather than answered from overwritten keys.
 */
final class KvCache {
    /** Positions a wrapped ring can still rewind; also bounds the rows of one forward step (see the class comment). */
    static final int REWIND = 512;

    private final KvPrecision precision;
    private final int kvDim;
    private final int maxPositions;
    private final int window;
    /** Slots each layer ends with: the reservation on global layers, the ring on sliding ones. */
    private final int[] ring;
    private final float[][] keysF32;
    private final float[][] valuesF32;
    private final short[][] keysBf16;
    private final short[][] valuesBf16;
    private final byte[][] keysInt8;
    private final byte[][] valuesInt8;
    private final float[][] keyScales;
    private final float[][] valueScales;
    private final int kvHeads;
    private final int headDim;
    private final int[] capacity;
    private int length;
    /** The oldest position every layer still holds. */
    private int oldestKept;

    KvCache(GemmaConfig config, KvPrecision precision, int maxPositions) {
        int layers = config.numHiddenLayers();
        this.precision = precision;
        this.kvHeads = config.numKeyValueHeads();
        this.headDim = config.headDim();
        this.kvDim = kvHeads * headDim;
        this.maxPositions = maxPositions;
        this.window = config.slidingWindow();
        this.ring = new int[layers];
        for (int l = 0; l < layers; l++) {
            ring[l] = ringSlots(config, l, maxPositions);
        }
        this.capacity = new int[layers];
        boolean f32 = precision == KvPrecision.F32;
        boolean bf16 = precision == KvPrecision.BF16;
        boolean int8 = precision == KvPrecision.INT8;
        this.keysF32 = f32 ? new float[layers][0] : null;
        this.valuesF32 = f32 ? new float[layers][0] : null;
        this.keysBf16 = bf16 ? new short[layers][0] : null;
        this.valuesBf16 = bf16 ? new short[layers][0] : null;
        this.keysInt8 = int8 ? new byte[layers][0] : null;
        this.valuesInt8 = int8 ? new byte[layers][0] : null;
        this.keyScales = int8 ? new float[layers][0] : null;
        this.valueScales = int8 ? new float[layers][0] : null;
    }

    private static int ringSlots(GemmaConfig config, int layer, int maxPositions) {
        return config.isSlidingLayer(layer) ? Math.min(maxPositions, config.slidingWindow() + REWIND) : maxPositions;
    }

    /** Bytes the keys and values of {@code positions} positions take at most, for budgeting before allocation. */
    static long bytesFor(GemmaConfig config, KvPrecision precision, int positions) {
        long slots = 0;
        for (int l = 0; l < config.numHiddenLayers(); l++) {
            slots += ringSlots(config, l, positions);
        }
        return slots * 2L * precision.bytesPerRow(config.numKeyValueHeads(), config.headDim());
    }

    KvPrecision precision() {
        return precision;
    }

    int length() {
        return length;
    }

    int maxPositions() {
        return maxPositions;
    }

    /** Moves the end of the sequence: forward after a step has stored its keys, back to rewind to a prefix. */
    void setLength(int n) {
        if (n < 0 || n > maxPositions) {
            throw new IllegalArgumentException("Cache length " + n + " outside [0, " + maxPositions + "]");
        }
        if (n < length && n > 0 && Math.max(0, n - window + 1) < oldestKept) {
            throw new IllegalStateException("Cannot rewind the sequence from " + length + " to " + n
                    + " positions: the sliding-window layers keep only the last " + (window + REWIND));
        }
        if (n > length) {
            for (int slots : ring) {
                oldestKept = Math.max(oldestKept, n - slots);
            }
        }
        if (n == 0) {
            oldestKept = 0;
        }
        length = n;
    }

    int kvDim() {
        return kvDim;
    }

    /** Where position {@code pos} of {@code layer} is kept (its slot times kvDim). */
    int offset(int layer, int pos) {
        return (pos % capacity[layer]) * kvDim;
    }

    float[] keysF32(int layer) {
        return keysF32[layer];
    }

    float[] valuesF32(int layer) {
        return valuesF32[layer];
    }

    short[] keysBf16(int layer) {
        return keysBf16[layer];
    }

    short[] valuesBf16(int layer) {
        return valuesBf16[layer];
    }

    byte[] keysInt8(int layer) {
        return keysInt8[layer];
    }

    byte[] valuesInt8(int layer) {
        return valuesInt8[layer];
    }

    float[] keyScales(int layer) {
        return keyScales[layer];
    }

    float[] valueScales(int layer) {
        return valueScales[layer];
    }

    /** Stores the key and value of position {@code pos} of {@code layer} (kvDim floats each). */
    void store(int layer, int pos, float[] k, int ko, float[] v, int vo) {
        int at = offset(layer, pos);
        if (precision == KvPrecision.F32) {
            System.arraycopy(k, ko, keysF32[layer], at, kvDim);
            System.arraycopy(v, vo, valuesF32[layer], at, kvDim);
        } else if (precision == KvPrecision.INT8) {
            // Scale index of head h is (at + h * headDim) / headDim, the same slot/head the attention reads.
            for (int h = 0; h < kvHeads; h++) {
                int o = h * headDim;
                keyScales[layer][at / headDim + h] = Int8Rows.quantize(k, ko + o, headDim, keysInt8[layer], at + o);
                valueScales[layer][at / headDim + h] =
                        Int8Rows.quantize(v, vo + o, headDim, valuesInt8[layer], at + o);
            }
        } else {
            short[] keys = keysBf16[layer];
            short[] values = valuesBf16[layer];
            for (int i = 0; i < kvDim; i++) {
                keys[at + i] = toBf16(k[ko + i]);
                values[at + i] = toBf16(v[vo + i]);
            }
        }
    }

    /** Round to nearest even, as torch's float -> bfloat16 conversion (NaN kept a NaN). */
    static short toBf16(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7fffffff) > 0x7f800000) {
            return (short) ((bits >>> 16) | 0x40);
        }
        return (short) ((bits + 0x7fff + ((bits >>> 16) & 1)) >>> 16);
    }

    static float fromBf16(short s) {
        return Float.intBitsToFloat(s << 16);
    }

    /** Makes room for {@code n} positions in total (a ring never needs more than its slots). */
    void ensureCapacity(int n) {
        if (n > maxPositions) {
            throw new IllegalStateException("Sequence of " + n + " tokens exceeds the " + maxPositions
                    + " positions reserved for it");
        }
        for (int l = 0; l < ring.length; l++) {
            int needed = Math.min(n, ring[l]);
            if (needed <= capacity[l]) {
                continue;
            }
            // Until a ring is at its final size, no position has wrapped: slots equal positions and copy as is.
            int grown = Math.min(ring[l], Math.max(needed, Math.max(64, capacity[l] * 2)));
            if (precision == KvPrecision.F32) {
                keysF32[l] = Arrays.copyOf(keysF32[l], grown * kvDim);
                valuesF32[l] = Arrays.copyOf(valuesF32[l], grown * kvDim);
            } else if (precision == KvPrecision.INT8) {
                keysInt8[l] = Arrays.copyOf(keysInt8[l], grown * kvDim);
                valuesInt8[l] = Arrays.copyOf(valuesInt8[l], grown * kvDim);
                keyScales[l] = Arrays.copyOf(keyScales[l], grown * kvHeads);
                valueScales[l] = Arrays.copyOf(valueScales[l], grown * kvHeads);
            } else {
                keysBf16[l] = Arrays.copyOf(keysBf16[l], grown * kvDim);
                valuesBf16[l] = Arrays.copyOf(valuesBf16[l], grown * kvDim);
            }
            capacity[l] = grown;
        }
    }

    /** Bytes the arrays hold now. */
    long allocatedBytes() {
        long slots = Arrays.stream(capacity).asLongStream().sum();
        return slots * 2L * precision.bytesPerRow(kvHeads, headDim);
    }
}
