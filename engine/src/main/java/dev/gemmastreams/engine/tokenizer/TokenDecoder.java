package dev.gemmastreams.engine.tokenizer;

import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.ByteFallbackStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.DecoderStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.FuseStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.ReplaceStep;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Hugging Face's decoder pipeline over token strings. Gemma 2's is Replace("▁" → " "), ByteFallback, Fuse: the
 * byte step must see the whole run of {@code <0xXX>} tokens at once to rebuild multi-byte UTF-8 characters.
 */
final class TokenDecoder {

    private final List<DecoderStep> steps;

    TokenDecoder(List<DecoderStep> steps) {
        this.steps = List.copyOf(steps);
    }

    String decode(List<String> tokens) {
        List<String> current = tokens;
        for (DecoderStep step : steps) {
            current = switch (step) {
                case ReplaceStep replace -> replaceEach(current, replace);
                case ByteFallbackStep ignored -> joinByteRuns(current);
                case FuseStep ignored -> List.of(String.join("", current));
            };
        }
        return String.join("", current);
    }

    private static List<String> replaceEach(List<String> tokens, ReplaceStep replace) {
        List<String> out = new ArrayList<>(tokens.size());
        for (String token : tokens) {
            out.add(token.replace(replace.pattern(), replace.content()));
        }
        return out;
    }

    private static List<String> joinByteRuns(List<String> tokens) {
        List<String> out = new ArrayList<>(tokens.size());
        byte[] run = new byte[16];
        int runLength = 0;
        for (String token : tokens) {
            int b = ByteFallback.byteOf(token);
            if (b >= 0) {
                if (runLength == run.length) {
                    run = Arrays.copyOf(run, run.length * 2);
                }
                run[runLength++] = (byte) b;
                continue;
            }
            if (runLength > 0) {
                ByteFallback.appendRun(run, runLength, out);
                runLength = 0;
            }
            out.add(token);
        }
        if (runLength > 0) {
            ByteFallback.appendRun(run, runLength, out);
        }
        return out;
    }
}
