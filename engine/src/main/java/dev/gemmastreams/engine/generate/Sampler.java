package dev.gemmastreams.engine.generate;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Picks next tokens from logits according to {@link SamplingOptions}; one instance per generation. */
final class Sampler {

    private final SamplingOptions options;
    private final SplittableRandom random;

    Sampler(SamplingOptions options) {
        this.options = options;
        this.random = new SplittableRandom(options.seed());
    }

    int next(float[] logits) {
        return options.isGreedy() ? argmax(logits) : sample(logits);
    }

    /** The first index of the largest logit: ties resolve to the lower id, so greedy output is reproducible. */
    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private int sample(float[] logits) {
        Integer[] order = new Integer[logits.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> a.equals(b) ? 0
                : logits[b] != logits[a] ? Float.compare(logits[b], logits[a]) : Integer.compare(a, b));
        int keep = options.topK() > 0 ? Math.min(options.topK(), order.length) : order.length;
        double max = logits[order[0]];
        double[] weights = new double[keep];
        double total = 0;
        for (int i = 0; i < keep; i++) {
            weights[i] = Math.exp((logits[order[i]] - max) / options.temperature());
            total += weights[i];
        }
        // Nucleus: the smallest prefix (by probability) whose mass reaches top-p.
        double mass = 0;
        int nucleus = keep;
        for (int i = 0; i < keep; i++) {
            mass += weights[i] / total;
            if (mass >= options.topP()) {
                nucleus = i + 1;
                break;
            }
        }
        double nucleusTotal = 0;
        for (int i = 0; i < nucleus; i++) {
            nucleusTotal += weights[i];
        }
        double draw = random.nextDouble() * nucleusTotal;
        for (int i = 0; i < nucleus; i++) {
            draw -= weights[i];
            if (draw <= 0) {
                return order[i];
            }
        }
        return order[nucleus - 1];
    }
}
