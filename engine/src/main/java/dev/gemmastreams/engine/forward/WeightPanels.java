package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.tensor.AbstractTensor;
import com.github.tjake.jlama.tensor.BFloat16BufferTensor;
import com.github.tjake.jlama.tensor.FloatBufferTensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;

/**
 * An F32 or BF16 weight [out, in] copied once, at load, into column panels for {@link PanelMatmul}: panel p holds
 * outputs [p*L, p*L + L) (L = float lanes), and for each input k their L weights side by side, so one vector load
 * gives one input's weight for L outputs. Panels come in groups of {@link #PANELS_PER_GROUP}; outputs past
 * {@code out} in the last group are zeros. The values are the tensor's own (BF16 stays BF16), in memory of the
 * model's arena, off the Java heap; the mapped tensor is not read again for products.
 */
record WeightPanels(MemorySegment data, boolean bf16, int out, int in, int groups) {
    /** Outputs per panel: one float vector. (Not read from PanelMatmul: the two classes' initializers would cycle.) */
    static final int LANES = FloatVector.SPECIES_PREFERRED.length();
    static final int PANELS_PER_GROUP = 4;
    static final int GROUP_WIDTH = LANES * PANELS_PER_GROUP;
    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    static boolean supports(AbstractTensor w) {
        return w.dType() == DType.F32 || w.dType() == DType.BF16;
    }

    static WeightPanels of(AbstractTensor w, Arena arena) {
        int out = w.shape().dim(0);
        int in = w.shape().dim(1);
        boolean bf16 = w.dType() == DType.BF16;
        int groups = (out + GROUP_WIDTH - 1) / GROUP_WIDTH;
        int width = bf16 ? Short.BYTES : Float.BYTES;
        MemorySegment data = arena.allocate((long) groups * GROUP_WIDTH * in * width, 64);
        boolean mapped = w instanceof BFloat16BufferTensor || w instanceof FloatBufferTensor;
        int panels = groups * PANELS_PER_GROUP;
        Parallel.forRange(panels, 1, (long) out * in, (start, count) -> {
            for (int p = start; p < start + count; p++) {
                copyPanel(w, mapped, bf16, p, out, in, data);
            }
        });
        return new WeightPanels(data, bf16, out, in, groups);
    }

    /** Byte offset of input k of panel p. */
    long offset(int panel, int k) {
        return ((long) panel * in + k) * LANES * (bf16 ? Short.BYTES : Float.BYTES);
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
}
