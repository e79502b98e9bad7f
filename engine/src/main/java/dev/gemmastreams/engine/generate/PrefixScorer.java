package dev.gemmastreams.engine.generate;

import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.engine.forward.GemmaSession;

/**
 * Next-token logits after several continuations of one shared prefix, reading the prefix once: it is prefilled,
 * then for each continuation the cache is cut back to the prefix and only the continuation is prefilled.
 */
public final class PrefixScorer {

    private PrefixScorer() {
    }

    public static List<float[]> lastLogits(Generator generator, int[] prefix, List<int[]> continuations) {
        int longest = continuations.stream().mapToInt(c -> c.length).max().orElse(0);
        if (prefix.length + longest > generator.contextTokens()) {
            throw new ContextOverflowException(prefix.length + longest, 0, generator.contextTokens());
        }
        GemmaSession session = generator.session();
        session.reset();
        session.prefill(prefix);
        List<float[]> logits = new ArrayList<>(continuations.size());
        for (int[] continuation : continuations) {
            session.truncate(prefix.length);
            logits.add(session.prefill(continuation));
        }
        return logits;
    }
}
