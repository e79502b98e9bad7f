package dev.gemmastreams.topology.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;

import dev.gemmastreams.topology.engine.Passage;
import org.junit.jupiter.api.Test;

class Bm25RankerTest {

    private static Passage passage(int id, String text) {
        return new Passage(id, 0, text.length(), text, text.split(" ").length, 0);
    }

    @Test
    void thePassageWithTheRareQueryTermRanksFirst() {
        List<Passage> scored = new Bm25Ranker().score("jlama gemma", List.of(
                passage(0, "kafka streams kafka topics"),
                passage(1, "gemma runs on jlama"),
                passage(2, "gemma is a model")));

        assertThat(scored.get(1).score()).isGreaterThan(scored.get(2).score());
        assertThat(scored.get(0).score()).isZero();
    }

    @Test
    void matchesTheBm25FormulaOnASmallExample() {
        // Two passages of 2 and 4 terms; "a" appears once in the first only.
        List<Passage> scored = new Bm25Ranker().score("a", List.of(passage(0, "a b"), passage(1, "c d e f")));

        double idf = Math.log(1 + (2 - 1 + 0.5) / (1 + 0.5));
        double norm = 2 / 3.0;
        double expected = idf * 1 * (1.2 + 1) / (1 + 1.2 * (1 - 0.75 + 0.75 * norm));
        assertThat(scored.get(0).score()).isCloseTo(expected, within(1e-12));
    }

    @Test
    void termsIgnoreCaseAndPunctuationAndKeepNonLatinLetters() {
        assertThat(Bm25Ranker.terms("Gemma-2, ÜBER naïve 東京!")).containsExactly("gemma", "2", "über", "naïve", "東京");
    }
}
