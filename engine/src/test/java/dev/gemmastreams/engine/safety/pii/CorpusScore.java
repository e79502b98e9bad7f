package dev.gemmastreams.engine.safety.pii;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiFunction;

/**
 * Precision and recall per type of a detector over a labeled corpus. A finding is a true positive only when type and
 * span both match a label exactly. Keeps every disagreement so a failure explains itself.
 */
final class CorpusScore {

    static final class Counts {
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

        int labelled() {
            return truePositives + falseNegatives;
        }
    }

    private final LabeledCorpus corpus;
    private final Map<PiiType, Counts> counts = new EnumMap<>(PiiType.class);
    private final StringBuilder disagreements = new StringBuilder();

    /** Scores {@code detect(text, language column)} on every line of the corpus. */
    CorpusScore(LabeledCorpus corpus, BiFunction<String, String, List<Finding>> detect) {
        this.corpus = corpus;
        for (PiiType type : PiiType.values()) {
            counts.put(type, new Counts());
        }
        for (LabeledCorpus.Line line : corpus.lines()) {
            Set<Finding> expected = new HashSet<>(line.expected());
            Set<Finding> actual = new HashSet<>(detect.apply(line.text(), line.language()));
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
    }

    Counts of(PiiType type) {
        return counts.get(type);
    }

    String disagreements() {
        return disagreements.toString();
    }

    private static String describe(String what, LabeledCorpus.Line line, Finding finding) {
        return "  line %d [%s/%s] %s %s '%s' in: %s%n".formatted(line.lineNumber(), line.language(), line.format(),
                what, finding.type(), finding.textIn(line.text()), line.text());
    }

    /** The table quoted in the README. */
    String table(String title) {
        Set<String> languages = new TreeSet<>();
        Set<String> formats = new TreeSet<>();
        long negatives = corpus.lines().stream().filter(l -> l.expected().isEmpty()).count();
        for (LabeledCorpus.Line line : corpus.lines()) {
            languages.add(line.language());
            formats.add(line.format());
        }
        StringBuilder sb = new StringBuilder();
        sb.append("%s: %d lines (%d without PII), languages %s, formats %s%n".formatted(title,
                corpus.lines().size(), negatives, languages, formats));
        sb.append("| type        | labelled | TP  | FP  | FN  | precision | recall |\n");
        sb.append("|-------------|----------|-----|-----|-----|-----------|--------|\n");
        for (PiiType type : PiiType.values()) {
            Counts c = counts.get(type);
            sb.append("| %-11s | %8d | %3d | %3d | %3d | %9.3f | %6.3f |%n".formatted(type, c.labelled(),
                    c.truePositives, c.falsePositives, c.falseNegatives, c.precision(), c.recall()));
        }
        return sb.toString();
    }
}
