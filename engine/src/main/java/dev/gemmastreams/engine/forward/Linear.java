package dev.gemmastreams.engine.forward;

import com.github.tjake.jlama.tensor.AbstractTensor;
import dev.gemmastreams.engine.model.Q4Matrix;
import java.lang.foreign.Arena;
import dev.gemmastreams.engine.model.WeightMatrix;

/**
 * y = x W^T for a weight W of shape [out, in] (nn.Linear's layout), its output columns split over the cores.
 * F32, BF16 and Q4 weights are copied once into column panels in the model's arena and go through
 * {@link PanelMatmul}; anything else (and Q4 where vectors are narrower than 256 bits) through a plain loop.
 */
final class Linear {
    private final AbstractTensor weight;
    private final Q4Matrix q4;
    private final WeightPanels panels;
    private final int out;
    private final int in;

    /** @param arena where the weights are copied as panels; it lives as long as the model. */
    Linear(WeightMatrix matrix, Arena arena) {
        this.out = matrix.rows();
        this.in = matrix.cols();
        switch (matrix) {
            case Q4Matrix q -> {
                this.weight = null;
                this.q4 = q;
                this.panels = Q4PanelTiles.SUPPORTED ? WeightPanels.of(q, arena) : null;
            }
            case WeightMatrix.Dense d -> {
                this.weight = d.tensor();
                this.q4 = null;
                this.panels = WeightPanels.supports(weight) ? WeightPanels.of(weight, arena) : null;
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
        if (panels != null) {
            Parallel.forRange(panels.groups(), 1, work,
                    (start, count) -> PanelMatmul.multiply(panels, x, rows, y, start, count));
        } else {
            Parallel.forRange(out, 1, work, (start, count) -> applyPlain(x, rows, y, start, count));
        }
    }

    private void applyPlain(float[] x, int rows, float[] y, int start, int count) {
        for (int j = start; j < start + count; j++) {
            for (int r = 0; r < rows; r++) {
                float sum = 0;
                for (int k = 0; k < in; k++) {
                    sum += x[r * in + k] * (q4 != null ? q4.get(j, k) : weight.get(j, k));
                }
                y[r * out + j] = sum;
            }
        }
    }
}
