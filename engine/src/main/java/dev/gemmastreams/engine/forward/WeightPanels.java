package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.BFloat16BufferTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import dev.gemmastreams.engine.model.Q4Matrix;
import dev.gemmastreams.engine.quantize.Q4Format;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * A weight [out, in] copied once, at load, into column panels for {@link PanelMatmul}: panel p holds outputs
 * [p*L, p*L + L) (L = float lanes), and for each input k their L weights side by side, so one vector load gives
 * one input's weight for L outputs. Panels come in groups of {@link #PANELS_PER_GROUP}; outputs past {@code out}
 * in the last group are zeros. The values are the file's own, in memory of the model's arena, off the Java heap;
 * the mapped weights are not read again for products.
 *
 * <p>F32 and BF16 keep their type: L floats or L bfloat16 per input. Q4 ({@link Q4Format}) keeps its nibbles and
 * scales, repacked per block of 32 inputs into {@link #Q4_BLOCK_BYTES}: the L scales of the block as float32 (one
 * per output), then 16 rows of L bytes, row m holding input 2m of each output in its low nibble and input 2m + 1
 * in its high nibble (both {@code q + 8}, as in the file). So one small load gives two inputs' weights for L
 * outputs, in input order, and each weight is the file's {@code (u - 8) * d}.
 */
record WeightPanels(MemorySegment data, Format format, int out, int in, int groups) {
    enum Format { F32, BF16, Q4 }

    /** Outputs per panel: one float vector. (Not read from PanelMatmul: the two classes' initializers would cycle.) */
    static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    static final int PANELS_PER_GROUP = 4;
    static final int GROUP_WIDTH = LANES * PANELS_PER_GROUP;
    /** Bytes of a Q4 panel's scales of one block: a float per output. */
    static final int Q4_SCALE_BYTES = LANES * Float.BYTES;
    /** Bytes of a Q4 panel per block of 32 inputs: the scales, then 16 rows of L bytes (two inputs each). */
    static final int Q4_BLOCK_BYTES = Q4_SCALE_BYTES + Q4Format.BLOCK_BYTES * LANES;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static boolean supports(AbstractTensor w) {
        return w.dType() == DType.F32 || w.dType() == DType.BF16;
    }

    static WeightPanels of(AbstractTensor w, Arena arena) {
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        boolean bf16 = w.dType() == DType.BF16;
        int groups = groups(out);
        int width = bf16 ? Short.BYTES : Float.BYTES;
        MemorySegment data = arena.allocate((long) groups * GROUP_WIDTH * in * width, 64);
        boolean mapped = w instanceof BFloat16BufferTensor || w instanceof FloatBufferTensor;
        forEachPanel(groups, out, in, p -> copyPanel(w, mapped, bf16, p, out, in, data));
        return new WeightPanels(data, bf16 ? Format.BF16 : Format.F32, out, in, groups);
    }

    static WeightPanels of(Q4Matrix w, Arena arena) {
        int out = w.rows();
        int in = w.cols();
        int groups = groups(out);
        long panelBytes = (long) w.blocksPerRow() * Q4_BLOCK_BYTES;
        MemorySegment data = arena.allocate(groups * PANELS_PER_GROUP * panelBytes, 64);
        forEachPanel(groups, out, in, p -> repackQ4Panel(w, p, data.asSlice(p * panelBytes, panelBytes)));
        return new WeightPanels(data, Format.Q4, out, in, groups);
    }

    boolean bf16() {
        return format == Format.BF16;
    }

    boolean q4() {
        return format == Format.Q4;
    }

    /**
     * Byte offset of input k of panel p; for Q4 that of k's block (k a multiple of 32), where the block's scales
     * start.
     */
    long offset(int panel, int k) {
        if (format == Format.Q4) {
            return ((long) panel * (in / Q4Format.BLOCK) + k / Q4Format.BLOCK) * Q4_BLOCK_BYTES;
        }
        return ((long) panel * in + k) * LANES * (format == Format.BF16 ? Short.BYTES : Float.BYTES);
    }

    private static int groups(int out) {
        return (out + GROUP_WIDTH - 1) / GROUP_WIDTH;
    }

    private interface PanelCopy {
        void copy(int panel);
    }

    private static void forEachPanel(int groups, int out, int in, PanelCopy copy) {
        Parallel.forRange(groups * PANELS_PER_GROUP, 1, (long) out * in, (start, count) -> {
            for (int p = start; p < start + count; p++) {
                copy.copy(p);
            }
        });
    }

    private static void copyPanel(AbstractTensor w, boolean mapped, boolean bf16, int p, int out, int in,
            MemorySegment data) {
        long panelBase = (long) p * in * LANES;
        for (int c = 0; c < LANES; c++) {
            int row = p * LANES + c;
            if (row >= out) {
                return; // the allocation is zeroed
            }
            MemorySegment source = mapped ? w.getMemorySegment() : null;
            long rowAt = mapped ? w.getMemorySegmentOffset(w.getOffset(row, 0)) : 0;
            for (int k = 0; k < in; k++) {
                long at = panelBase + (long) k * LANES + c;
                if (bf16) {
                    short bits = mapped ? source.get(SHORT, rowAt + 2L * k)
                            : (short) (Float.floatToRawIntBits(w.get(row, k)) >>> 16);
                    data.setAtIndex(SHORT, at, bits);
                } else {
                    data.setAtIndex(FLOAT, at, mapped ? source.get(FLOAT, rowAt + 4L * k) : w.get(row, k));
                }
            }
        }
    }

    /**
     * Panel p of a Q4 weight into {@code panel}. The file's block of a row is 16 bytes, byte i holding input i
     * (low nibble) and input i + 16 (high nibble); the panel's row m pairs inputs 2m and 2m + 1 instead.
     */
    private static void repackQ4Panel(Q4Matrix w, int p, MemorySegment panel) {
        MemorySegment packed = MemorySegment.ofBuffer(w.packed());
        MemorySegment scales = MemorySegment.ofBuffer(w.scales());
        int blocks = w.blocksPerRow();
        for (int c = 0; c < LANES; c++) {
            int row = p * LANES + c;
            if (row >= w.rows()) {
                return; // the allocation is zeroed
            }
            for (int b = 0; b < blocks; b++) {
                long block = (long) b * Q4_BLOCK_BYTES;
                long rowBlock = (long) row * blocks + b;
                panel.set(FLOAT, block + (long) c * Float.BYTES, Float.float16ToFloat(scales.getAtIndex(SHORT, rowBlock)));
                long source = rowBlock * Q4Format.BLOCK_BYTES;
                for (int m = 0; m < Q4Format.BLOCK_BYTES; m++) {
                    int pair = nibble(packed, source, 2 * m) | nibble(packed, source, 2 * m + 1) << 4;
                    panel.set(ValueLayout.JAVA_BYTE, block + Q4_SCALE_BYTES + (long) m * LANES + c, (byte) pair);
                }
            }
        }
    }

    /** The stored nibble (q + 8) of input i of the file's block at {@code block}. */
    private static int nibble(MemorySegment packed, long block, int i) {
        int v = packed.get(ValueLayout.JAVA_BYTE, block + i % Q4Format.BLOCK_BYTES) & 0xff;
        return i < Q4Format.BLOCK_BYTES ? v & 15 : v >>> 4;
    }
}
