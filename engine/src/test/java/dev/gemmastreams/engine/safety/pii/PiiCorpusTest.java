package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

/**
 * Precision and recall per type over the labeled corpus. A finding is a true positive only when type and span both
 * match a label exactly. Prints the table (quoted in the README) and every disagreement, so a failure explains itself.
 */
class PiiCorpusTest {

    private static final double MINIMUM = 0.95;

    private static final class Counts {
        int truePositives;
        int falsePositives;
        int falseNegatives;

        double precision() {
            int found = truePositives + falsePositives;
            return found == 0 ? 1.0 : (double) truePositives / found;
        }

        double recall() {
            int labelled = truePositives + falseNegatives;
            return labelled == 0 ? 1.0 : (double) truePositives / labelled;
        }
    }

    @Test
    void precisionAndRecallAreAtLeast95PercentForEveryType() {
        LabeledCorpus corpus = LabeledCorpus.load();
        PiiDetector detector = new PiiDetector();
        Map<PiiType, Counts> counts = new EnumMap<>(PiiType.class);
        for (PiiType type : PiiType.values()) {
            counts.put(type, new Counts());
        }
        StringBuilder disagreements = new StringBuilder();
        for (LabeledCorpus.Line line : corpus.lines()) {
            Set<Finding> expected = new HashSet<>(line.expected());
            Set<Finding> actual = new HashSet<>(detector.detect(line.text()));
            for (Finding finding : actual) {
                if (expected.contains(finding)) {
                    counts.get(finding.type()).truePositives++;
                } else {
                    counts.get(finding.type()).falsePositives++;
                    disagreements.append(describe("false positive", line, finding));
                }
            }
            for (Finding finding : expected) {
                if (!actual.contains(finding)) {
                    counts.get(finding.type()).falseNegatives++;
                    disagreements.append(describe("missed", line, finding));
                }
            }
        }
        System.out.println(table(corpus, counts));
        if (!disagreements.isEmpty()) {
            System.out.println("Disagreements with the labels:\n" + disagreements);
        }
        assertThat(corpus.lines()).hasSizeGreaterThanOrEqualTo(300);
        for (PiiType type : PiiType.values()) {
            Counts c = counts.get(type);
            assertThat(c.truePositives + c.falseNegatives).as("labelled %s findings", type).isPositive();
            assertThat(c.precision()).as("precision of %s", type).isGreaterThanOrEqualTo(MINIMUM);
            assertThat(c.recall()).as("recall of %s", type).isGreaterThanOrEqualTo(MINIMUM);
        }
    }

    private static String describe(String what, LabeledCorpus.Line line, Finding finding) {
        return "  line %d [%s/%s] %s %s '%s' in: %s%n".formatted(line.lineNumber(), line.language(), line.format(),
                what, finding.type(), finding.textIn(line.text()), line.text());
    }

    private static String table(LabeledCorpus corpus, Map<PiiType, Counts> counts) {
        Set<String> languages = new TreeSet<>();
        Set<String> formats = new TreeSet<>();
        long negatives = corpus.lines().stream().filter(l -> l.expected().isEmpty()).count();
        for (LabeledCorpus.Line line : corpus.lines()) {
            languages.add(line.language());
            formats.add(line.format());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("PII corpus: %d lines (%d without PII), languages %s, formats %s%n".formatted(
                corpus.lines().size(), negatives, languages, formats));
        sb.append("| type        | labelled | TP  | FP  | FN  | precision | recall |\n");
        sb.append("|-------------|----------|-----|-----|-----|-----------|--------|\n");
        for (PiiType type : List.of(PiiType.values())) {
            Counts c = counts.get(type);
            sb.append("| %-11s | %8d | %3d | %3d | %3d | %9.3f | %6.3f |%n".formatted(type,
                    c.truePositives + c.falseNegatives, c.truePositives, c.falsePositives, c.falseNegatives,
                    c.precision(), c.recall()));
        }
        return sb.toString();
    }
}
