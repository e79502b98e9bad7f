package dev.gemmastreams.engine.tokenizer;

import java.util.Arrays;

/** A growable int array: token id lists without boxing. */
final class IntArrayBuilder {

    private int[] values;
    private int size;

    IntArrayBuilder(int initialCapacity) {
        values = new int[Math.max(4, initialCapacity)];
    }

    void add(int value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[size++] = value;
    }

    void addAll(int[] more) {
        for (int v : more) {
            add(v);
        }
    }

    int[] toArray() {
        return Arrays.copyOf(values, size);
    }
}
