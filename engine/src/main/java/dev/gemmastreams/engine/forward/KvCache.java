package dev.gemmastreams.engine.forward;

import java.util.Arrays;

/**
 * Keys and values of every layer for the positions seen so far, in heap float arrays ([position][kvHeads*headDim]
 * per layer), grown on demand: no temporary files. Truncating rewinds to a shared prefix.
 */
final class KvCache {
    private final int kvDim;
    private final int maxPositions;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;
    private int length;

    KvCache(int layers, int kvDim, int maxPositions) {
        this.kvDim = kvDim;
        this.maxPositions = maxPositions;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    int length() {
        return length;
    }

    void setLength(int n) {
        if (n < 0 || n > capacity) {
            throw new IllegalArgumentException("Cache length " + n + " outside [0, " + capacity + "]");
        }
        length = n;
    }

    float[] keys(int layer) {
        return keys[layer];
    }

    float[] values(int layer) {
        return values[layer];
    }

    int kvDim() {
        return kvDim;
    }

    /** Makes room for {@code n} positions in total. */
    void ensureCapacity(int n) {
        if (n > maxPositions) {
            throw new IllegalStateException(
                    "Sequence of " + n + " tokens exceeds the model's context of " + maxPositions + " positions");
        }
        if (n <= capacity) {
            return;
        }
        int grown = Math.min(maxPositions, Math.max(n, Math.max(64, capacity * 2)));
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], grown * kvDim);
            values[l] = Arrays.copyOf(values[l], grown * kvDim);
        }
        capacity = grown;
    }
}
