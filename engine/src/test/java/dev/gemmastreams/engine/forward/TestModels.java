package dev.gemmastreams.engine.forward;

import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.random.GemmaShapes;
import dev.gemmastreams.engine.random.RandomGemmaModel;
import dev.gemmastreams.engine.random.WeightDType;
import java.nio.file.Path;
import java.util.Random;

/** Random Gemma 2 folders and token sequences for engine tests. */
final class TestModels {
    /** Weights big enough that attention is peaked and windows matter, small enough to stay finite. */
    static final double TEST_WEIGHT_STD = 0.25;

    private TestModels() {}

    static GemmaConfig config(int vocab, int hidden, int ffn, int layers, int heads, int kvHeads, int headDim,
            double qpas, int window) {
        return GemmaShapes.shape(vocab, hidden, ffn, layers, heads, kvHeads, headDim, qpas, window, "float32");
    }

    static Path write(Path dir, GemmaConfig config, WeightDType dtype, long seed) {
        RandomGemmaModel.Options options = RandomGemmaModel.Options.defaults(config)
                .withDType(dtype).withSeed(seed).withWeightStd(TEST_WEIGHT_STD).withNormStd(0.1);
        return RandomGemmaModel.write(dir, config, options);
    }

    static int[] tokens(int vocab, int n, long seed) {
        Random r = new Random(seed);
        int[] t = new int[n];
        t[0] = 2; // <bos>, as Gemma prompts start
        for (int i = 1; i < n; i++) {
            t[i] = r.nextInt(vocab);
        }
        return t;
    }

    static double maxAbsDiff(float[][] ours, double[][] reference, int fromPosition) {
        double max = 0;
        for (int t = fromPosition; t < ours.length; t++) {
            for (int v = 0; v < ours[t].length; v++) {
                max = Math.max(max, Math.abs(ours[t][v] - reference[t][v]));
            }
        }
        return max;
    }

    static double maxAbsDiff(float[][] a, float[][] b) {
        double max = 0;
        for (int t = 0; t < a.length; t++) {
            for (int v = 0; v < a[t].length; v++) {
                max = Math.max(max, Math.abs(a[t][v] - b[t][v]));
            }
        }
        return max;
    }
}
