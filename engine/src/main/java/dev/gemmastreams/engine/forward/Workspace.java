package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;

/**
 * Activation buffers for one chunk of rows, reused by every layer and every call: this is why one model must not
 * run two forward passes at once.
 */
final class Workspace {
    final int maxRows;
    final float[] x;
    final float[] normed;
    final float[] q;
    final float[] k;
    final float[] v;
    final float[] attended;
    final float[] projected;
    final float[] gate;
    final float[] up;

    Workspace(GemmaConfig c, int maxRows) {
        this.maxRows = maxRows;
        int hidden = c.hiddenSize();
        int qDim = c.numAttentionHeads() * c.headDim();
        int kvDim = c.numKeyValueHeads() * c.headDim();
        this.x = new float[maxRows * hidden];
        this.normed = new float[maxRows * hidden];
        this.q = new float[maxRows * qDim];
        this.k = new float[maxRows * kvDim];
        this.v = new float[maxRows * kvDim];
        this.attended = new float[maxRows * qDim];
        this.projected = new float[maxRows * hidden];
        this.gate = new float[maxRows * c.intermediateSize()];
        this.up = new float[maxRows * c.intermediateSize()];
    }
}
