package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.tensor.AbstractTensor;

/**
 * y = x W^T for a weight W of shape [out, in] (nn.Linear's layout), its output columns split over the cores.
 * F32 and BF16 weights whose width is a whole number of vectors go through {@link PackedMatmul}; anything else
 * (odd test shapes) through a plain loop over Jlama's tensor.
 */
final class Linear {
    private final AbstractTensor weight;
    private final int out;
    private final int in;
    private final boolean packed;

    Linear(AbstractTensor weight) {
        this.weight = weight;
        this.out = weight.shape().dim(0);
        this.in = weight.shape().dim(1);
        this.packed = PackedMatmul.supports(weight);
    }

    int out() {
        return out;
    }

    int in() {
        return in;
    }

    /** {@code y[rows][out] = x[rows][in] W^T}; x and y are row-major float arrays. */
    void apply(float[] x, int rows, float[] y) {
        long work = (long) rows * out * in;
        if (packed) {
            Parallel.forRange(out, PackedMatmul.BLOCK, work,
                    (start, count) -> PackedMatmul.multiply(weight, x, rows, y, start, count));
        } else {
            Parallel.forRange(out, 1, work, (start, count) -> applyPlain(x, rows, y, start, count));
        }
    }

    private void applyPlain(float[] x, int rows, float[] y, int start, int count) {
        for (int j = start; j < start + count; j++) {
            for (int r = 0; r < rows; r++) {
                float sum = 0;
                for (int k = 0; k < in; k++) {
                    sum += x[r * in + k] * weight.get(j, k);
                }
                y[r * out + j] = sum;
            }
        }
    }
}
