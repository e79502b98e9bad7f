package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.gemmastreams.engine.model.Q4Matrix;
import java.lang.foreign.Arena;
import dev.gemmastreams.engine.model.WeightMatrix;

/**
 * y = x W^T for a weight W of shape [out, in] (nn.Linear's layout), its output columns split over the cores.
 * Q4 weights go through {@link Q4Matmul}; F32 and BF16 weights are copied once into column panels in the model's
 * arena and go through {@link PanelMatmul}; anything else through a plain loop over Jlama's tensor. Not for
 * concurrent use (a buffer is kept between calls), like the model it belongs to.
 */
final class Linear {
    private enum Kernel { Q4, PANELS, PLAIN }

    private final AbstractTensor weight;
    private final Q4Matrix q4;
    private final WeightPanels panels;
    private final int out;
    private final int in;
    private final Kernel kernel;
    /** Reused across calls: like the model's workspace, one forward pass at a time. */
    private float[] permutedInput = new float[0];

    /** @param arena where F32/BF16 weights are copied as panels; it lives as long as the model. */
    Linear(WeightMatrix matrix, Arena arena) {
        this.out = matrix.rows();
        this.in = matrix.cols();
        switch (matrix) {
            case Q4Matrix q -> {
                this.q4 = q;
                this.weight = null;
                this.panels = null;
                this.kernel = Kernel.Q4;
            }
            case WeightMatrix.Dense d -> {
                this.q4 = null;
                this.weight = d.tensor();
                this.kernel = WeightPanels.supports(weight) ? Kernel.PANELS : Kernel.PLAIN;
                this.panels = kernel == Kernel.PANELS ? WeightPanels.of(weight, arena) : null;
            }
        }
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
        switch (kernel) {
            case Q4 -> {
                float[] input = Q4Matmul.VECTOR ? permuted(x, rows) : x;
                Parallel.forRange(out, Q4Matmul.ROWS, work,
                        (start, count) -> Q4Matmul.multiply(q4, input, rows, y, start, count));
            }
            case PANELS -> Parallel.forRange(panels.groups(), 1, work,
                    (start, count) -> PanelMatmul.multiply(panels, x, rows, y, start, count));
            case PLAIN -> Parallel.forRange(out, 1, work, (start, count) -> applyPlain(x, rows, y, start, count));
        }
    }

    /** x in the order the Q4 kernel reads it, in a buffer kept for the next call. */
    private float[] permuted(float[] x, int rows) {
        int size = rows * Q4Matmul.permutedWidth(in);
        if (permutedInput.length < size) {
            permutedInput = new float[size];
        }
        Q4Matmul.permute(x, rows, in, permutedInput);
        return permutedInput;
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
