package dev.gemmastreams.topology.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.gemmastreams.topology.engine.Passage;
import dev.gemmastreams.topology.engine.TokenCounter;
import org.junit.jupiter.api.Test;

class PassageSplitterTest {

    private static final TokenCounter WORDS = text -> text.isBlank() ? 0 : text.strip().split("\\s+").length;

    @Test
    void sentencesAreGroupedUpToTheTokenLimit() {
        List<Passage> passages = new PassageSplitter(WORDS, 6).split("One two three. Four five six. Seven eight.");

        assertThat(passages).extracting(Passage::text)
                .containsExactly("One two three. Four five six.", "Seven eight.");
    }

    @Test
    void aParagraphBreakAlwaysEndsAPassage() {
        List<Passage> passages = new PassageSplitter(WORDS, 100).split("First paragraph.\n\nSecond one.");

        assertThat(passages).extracting(Passage::text).containsExactly("First paragraph.", "Second one.");
    }

    @Test
    void spansPointIntoTheOriginalText() {
        String text = "  Leading space. And 😀 emoji here.\n\nLast.";
        for (Passage passage : new PassageSplitter(WORDS, 3).split(text)) {
            assertThat(text.substring(passage.start(), passage.end())).isEqualTo(passage.text());
        }
    }

    @Test
    void aSentenceLongerThanTheLimitIsCutIntoFittingPieces() {
        String text = "a b c d e f g h i j";
        List<Passage> passages = new PassageSplitter(WORDS, 4).split(text);

        assertThat(passages).allSatisfy(p -> assertThat(p.tokens()).isLessThanOrEqualTo(4));
        assertThat(String.join("", passages.stream().map(Passage::text).toList()).replace(" ", ""))
                .isEqualTo(text.replace(" ", ""));
    }

    @Test
    void passagesAreNumberedInOrder() {
        List<Passage> passages = new PassageSplitter(WORDS, 2).split("A b. C d. E f.");

        assertThat(passages).extracting(Passage::id).containsExactly(0, 1, 2);
    }
}
