package dev.gemmastreams.topology.questions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import dev.gemmastreams.topology.engine.Passage;

/**
 * Chooses the best-scoring passages that fit the answer prompt's token budget, returned in document order. When
 * nothing matches the question at all, the document's opening passages are given instead.
 */
public final class PassagePacker {

    private final int budgetTokens;

    public PassagePacker(int budgetTokens) {
        this.budgetTokens = budgetTokens;
    }

    public List<Passage> pack(List<Passage> scored) {
        boolean anyMatch = scored.stream().anyMatch(p -> p.score() > 0);
        Comparator<Passage> order = anyMatch
                ? Comparator.comparingDouble(Passage::score).reversed().thenComparingInt(Passage::id)
                : Comparator.comparingInt(Passage::id);
        List<Passage> chosen = new ArrayList<>();
        int used = 0;
        for (Passage passage : scored.stream().sorted(order).toList()) {
            if (anyMatch && passage.score() <= 0) {
                break;
            }
            if (used + passage.tokens() <= budgetTokens) {
                chosen.add(passage);
                used += passage.tokens();
            }
        }
        chosen.sort(Comparator.comparingInt(Passage::id));
        return chosen;
    }
}
