package dev.gemmastreams.engine.generate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CancellationException;

import org.junit.jupiter.api.Test;

class DecodeLoopTest {

    private static final int EOT = 107;
    private static final int EOS = 1;

    /** Logits that make greedy sampling pick {@code token}. */
    private static float[] favour(int token) {
        float[] logits = new float[200];
        logits[token] = 10;
        return logits;
    }

    private static DecodeLoop.Decoded run(int max, int... script) {
        int[] step = {0};
        return DecodeLoop.run(favour(script[0]), token -> favour(script[++step[0]]),
                new Sampler(SamplingOptions.greedy()), max, EOT, EOS, () -> false);
    }

    @Test
    void stopsAtEndOfTurnWithoutKeepingIt() {
        DecodeLoop.Decoded decoded = run(10, 5, 6, EOT, 8);

        assertThat(decoded.tokens()).containsExactly(5, 6);
        assertThat(decoded.stopReason()).isEqualTo(StopReason.END_OF_TURN);
    }

    @Test
    void stopsAtEos() {
        DecodeLoop.Decoded decoded = run(10, 5, EOS);

        assertThat(decoded.tokens()).containsExactly(5);
        assertThat(decoded.stopReason()).isEqualTo(StopReason.END_OF_SEQUENCE);
    }

    @Test
    void stopsAtTheLimitWithoutAnExtraForwardPass() {
        DecodeLoop.Decoded decoded = run(3, 5, 6, 7); // a fourth step would run out of script

        assertThat(decoded.tokens()).containsExactly(5, 6, 7);
        assertThat(decoded.stopReason()).isEqualTo(StopReason.MAX_TOKENS);
    }

    @Test
    void cancellationStopsBetweenTokens() {
        int[] calls = {0};
        assertThatThrownBy(() -> DecodeLoop.run(favour(5), token -> favour(5), new Sampler(SamplingOptions.greedy()),
                100, EOT, EOS, () -> ++calls[0] > 3))
                .isInstanceOf(CancellationException.class).hasMessageContaining("after 3 tokens");
    }

    @Test
    void greedyTiesGoToTheLowestId() {
        float[] logits = new float[10];
        logits[4] = 2;
        logits[7] = 2;

        assertThat(Sampler.argmax(logits)).isEqualTo(4);
    }
}
