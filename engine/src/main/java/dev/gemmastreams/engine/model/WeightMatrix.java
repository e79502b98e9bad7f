package dev.gemmastreams.engine.model;

import com.github.tjake.jlama.tensor.AbstractTensor;

/** A projection weight [out, in] (nn.Linear's layout): a dense F32/BF16 Jlama tensor or our Q4 format. */
public sealed interface WeightMatrix permits WeightMatrix.Dense, Q4Matrix {
    int rows();

    int cols();

    /** F32 or BF16 weights, memory-mapped by Jlama. */
    record Dense(AbstractTensor tensor) implements WeightMatrix {
        @Override
        public int rows() {
            return tensor.shape().dim(0);
        }

        @Override
        public int cols() {
            return tensor.shape().dim(1);
        }
    }
}
