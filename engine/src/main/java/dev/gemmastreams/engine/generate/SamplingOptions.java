package dev.gemmastreams.engine.generate;

/**
 * How the next token is chosen. Temperature 0 is greedy (the default): the most likely token, deterministic.
 * Otherwise tokens are drawn from the temperature-scaled distribution, cut to the top-k tokens and to the
 * smallest set whose probability reaches top-p, with a seeded random source, so a seed repeats its output.
 */
public record SamplingOptions(double temperature, int topK, double topP, long seed) {

    public SamplingOptions {
        if (temperature < 0 || Double.isNaN(temperature)) {
            throw new IllegalArgumentException("temperature must be 0 (greedy) or positive, was " + temperature);
        }
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (off) or positive, was " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], was " + topP);
        }
    }

    public static SamplingOptions greedy() {
        return new SamplingOptions(0, 0, 1, 0);
    }

    public boolean isGreedy() {
        return temperature == 0;
    }
}
