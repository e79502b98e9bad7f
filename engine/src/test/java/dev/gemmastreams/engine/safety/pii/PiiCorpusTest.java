package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type over the labeled corpus the detectors are tuned on, with the text's language unknown
 * (the harder case). Prints the table (quoted in the README) and every disagreement, so a failure explains itself.
 */
class PiiCorpusTest {

    private static final double MINIMUM = 0.95;

    @Test
    void precisionAndRecallAreAtLeast95PercentForEveryType() {
        LabeledCorpus corpus = LabeledCorpus.load();
        PiiDetector detector = new PiiDetector();
        CorpusScore score = new CorpusScore(corpus, (text, language) -> detector.detect(text));

        System.out.println(score.table("PII corpus"));
        if (!score.disagreements().isEmpty()) {
            System.out.println("Disagreements with the labels:\n" + score.disagreements());
        }
        assertThat(corpus.lines()).hasSizeGreaterThanOrEqualTo(300);
        for (PiiType type : PiiType.values()) {
            CorpusScore.Counts c = score.of(type);
            assertThat(c.labelled()).as("labelled %s findings", type).isPositive();
            assertThat(c.precision()).as("precision of %s", type).isGreaterThanOrEqualTo(MINIMUM);
            assertThat(c.recall()).as("recall of %s", type).isGreaterThanOrEqualTo(MINIMUM);
        }
    }
}
