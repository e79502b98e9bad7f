package dev.gemmastreams.engine.model;

import dev.gemmastreams.engine.quantize.Q4Format;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * A Q4 weight [rows, cols] over the memory-mapped file (see {@link Q4Format}): {@code packed} holds
 * rows * cols / 2 bytes, {@code scales} rows * cols / 32 F16 values, both row-major. The engine reads it once, at
 * load, to repack it into column panels (forward.WeightPanels); {@link #get} serves tests and checks.
 */
public record Q4Matrix(String name, int rows, int cols, ByteBuffer packed, ShortBuffer scales)
        implements WeightMatrix {

    public Q4Matrix {
        if (cols % Q4Format.BLOCK != 0 || packed.remaining() != (long) rows * cols / 2
                || scales.remaining() != (long) rows * (cols / Q4Format.BLOCK)) {
            throw new IllegalArgumentException("Q4 tensor '" + name + "' [" + rows + ", " + cols + "] has "
                    + packed.remaining() + " packed bytes and " + scales.remaining() + " scales");
        }
    }

    /** Over direct (e.g. memory-mapped) buffers: packed bytes and little-endian F16 scale bytes. */
    public static Q4Matrix of(String name, int rows, int cols, ByteBuffer packedBytes, ByteBuffer scaleBytes) {
        ByteBuffer p = packedBytes.slice().order(ByteOrder.LITTLE_ENDIAN);
        ShortBuffer s = scaleBytes.slice().order(ByteOrder.LITTLE_ENDIAN).asShortBuffer();
        return new Q4Matrix(name, rows, cols, p, s);
    }

    /** Blocks of 32 per row. */
    public int blocksPerRow() {
        return cols / Q4Format.BLOCK;
    }

    /** The scale of a block (row-major block index). */
    public float scale(long blockIndex) {
        return Float.float16ToFloat(scales.get(Math.toIntExact(blockIndex)));
    }

    /** The dequantized weight (slow: for tests and checks). */
    public float get(int row, int col) {
        int block = col / Q4Format.BLOCK;
        int i = col % Q4Format.BLOCK;
        float d = scale((long) row * blocksPerRow() + block);
        int at = Math.toIntExact((long) row * (cols / 2) + (long) block * Q4Format.BLOCK_BYTES + (i % Q4Format.BLOCK_BYTES));
        int v = packed.get(at) & 0xff;
        int u = i < Q4Format.BLOCK_BYTES ? v & 15 : v >>> 4;
        return (u - 8) * d;
    }
}
