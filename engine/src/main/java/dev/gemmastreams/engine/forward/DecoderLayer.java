package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.model.LayerWeights;
import java.lang.foreign.Arena;

/**
 * One Gemma 2 decoder layer (Hugging Face's Gemma2DecoderLayer): input norm, attention, post-attention norm,
 * residual; pre-feedforward norm, GeGLU (tanh GELU), post-feedforward norm, residual.
 */
final class DecoderLayer {
    private final int index;
    private final int hidden;
    private final int heads;
    private final int kvHeads;
    private final int headDim;
    private final float eps;
    private final LayerWeights w;
    private final Linear q;
    private final Linear k;
    private final Linear v;
    private final Linear o;
    private final Linear gate;
    private final Linear up;
    private final Linear down;
    private final Attention attention;

    DecoderLayer(GemmaConfig c, int index, LayerWeights w, Arena arena) {
        this.index = index;
        this.hidden = c.hiddenSize();
        this.heads = c.numAttentionHeads();
        this.kvHeads = c.numKeyValueHeads();
        this.headDim = c.headDim();
        this.eps = (float) c.rmsNormEps();
        this.w = w;
        this.q = new Linear(w.q(), arena);
        this.k = new Linear(w.k(), arena);
        this.v = new Linear(w.v(), arena);
        this.o = new Linear(w.o(), arena);
        this.gate = new Linear(w.gate(), arena);
        this.up = new Linear(w.up(), arena);
        this.down = new Linear(w.down(), arena);
        this.attention = new Attention(c, index);
    }

    /**
     * Updates {@code x} ([rows][hidden]) in place; row t is position {@code positions[t]} of {@code caches[t]},
     * whose key and value are stored before any row attends.
     */
    void forward(Workspace ws, KvCache[] caches, int[] positions, Rope rope, float[] x, int rows) {
        int qDim = heads * headDim;
        int kvDim = kvHeads * headDim;
        for (int t = 0; t < rows; t++) {
            GemmaMath.rmsNorm(x, t * hidden, w.inputNorm(), eps, ws.normed, t * hidden, hidden);
        }
        q.apply(ws.normed, rows, ws.q);
        k.apply(ws.normed, rows, ws.k);
        v.apply(ws.normed, rows, ws.v);
        for (int t = 0; t < rows; t++) {
            int pos = positions[t];
            for (int h = 0; h < heads; h++) {
                rope.rotate(ws.q, t * qDim + h * headDim, pos);
            }
            for (int h = 0; h < kvHeads; h++) {
                rope.rotate(ws.k, t * kvDim + h * headDim, pos);
            }
            caches[t].store(index, pos, ws.k, t * kvDim, ws.v, t * kvDim);
        }
        attention.compute(ws.q, rows, caches, positions, ws.attended);
        o.apply(ws.attended, rows, ws.projected);
        addNormed(x, ws.projected, w.postAttentionNorm(), rows);

        for (int t = 0; t < rows; t++) {
            GemmaMath.rmsNorm(x, t * hidden, w.preFeedforwardNorm(), eps, ws.normed, t * hidden, hidden);
        }
        gate.apply(ws.normed, rows, ws.gate);
        up.apply(ws.normed, rows, ws.up);
        int ffn = gate.out();
        float[] g = ws.gate;
        float[] u = ws.up;
        Parallel.forRange(rows * ffn, 1, (long) rows * ffn * 32,
                (first, count) -> GeluKernel.geluTimes(g, u, first, first + count));
        down.apply(ws.gate, rows, ws.projected);
        addNormed(x, ws.projected, w.postFeedforwardNorm(), rows);
    }

    /** x += rmsNorm(y) row by row (the post-norms of Gemma 2's sandwich). */
    private void addNormed(float[] x, float[] y, float[] norm, int rows) {
        for (int t = 0; t < rows; t++) {
            int off = t * hidden;
            GemmaMath.rmsNorm(y, off, norm, eps, y, off, hidden);
            for (int i = 0; i < hidden; i++) {
                x[off + i] += y[off + i];
            }
        }
    }
}
