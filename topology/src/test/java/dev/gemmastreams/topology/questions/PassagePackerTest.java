package dev.gemmastreams.topology.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gemmastreams.topology.engine.Passage;
import org.junit.jupiter.api.Test;

class PassagePackerTest {

    private static Passage passage(int id, int tokens, double score) {
        return new Passage(id, id * 10, id * 10 + 5, "p" + id, tokens, score);
    }

    @Test
    void takesTheBestPassagesThatFitAndReturnsThemInDocumentOrder() {
        List<Passage> chosen = new PassagePacker(10).pack(List.of(
                passage(0, 4, 0.5), passage(1, 8, 3.0), passage(2, 2, 2.0), passage(3, 4, 0.0)));

        assertThat(chosen).extracting(Passage::id).containsExactly(1, 2);
    }

    @Test
    void withoutAnyMatchTheOpeningPassagesAreGiven() {
        List<Passage> chosen = new PassagePacker(5).pack(List.of(
                passage(0, 3, 0), passage(1, 2, 0), passage(2, 3, 0)));

        assertThat(chosen).extracting(Passage::id).containsExactly(0, 1);
    }
}
