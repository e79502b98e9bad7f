package dev.gemmastreams.topology.questions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gemmastreams.topology.engine.Passage;

/** Okapi BM25 (k1 = 1.2, b = 0.75) of passages against a question, over lower-cased letter and digit runs. */
public final class Bm25Ranker {

    static final double K1 = 1.2;
    static final double B = 0.75;
    private static final Pattern TERM = Pattern.compile("[\\p{L}\\p{N}]+");

    /** The passages with their scores set, in their original order. */
    public List<Passage> score(String question, List<Passage> passages) {
        List<List<String>> docs = passages.stream().map(p -> terms(p.text())).toList();
        double averageLength = docs.stream().mapToInt(List::size).average().orElse(0);
        Map<String, Integer> documentFrequency = new HashMap<>();
        for (List<String> doc : docs) {
            new HashSet<>(doc).forEach(term -> documentFrequency.merge(term, 1, Integer::sum));
        }
        Set<String> queryTerms = new HashSet<>(terms(question));
        List<Passage> scored = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            scored.add(passages.get(i).withScore(
                    score(queryTerms, docs.get(i), documentFrequency, passages.size(), averageLength)));
        }
        return scored;
    }

    private static double score(Set<String> queryTerms, List<String> doc, Map<String, Integer> documentFrequency,
                                int documents, double averageLength) {
        Map<String, Integer> frequency = new HashMap<>();
        doc.forEach(term -> frequency.merge(term, 1, Integer::sum));
        double score = 0;
        for (String term : queryTerms) {
            int tf = frequency.getOrDefault(term, 0);
            if (tf == 0) {
                continue;
            }
            int df = documentFrequency.get(term);
            double idf = Math.log(1 + (documents - df + 0.5) / (df + 0.5));
            double norm = averageLength == 0 ? 1 : doc.size() / averageLength;
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * norm));
        }
        return score;
    }

    static List<String> terms(String text) {
        List<String> terms = new ArrayList<>();
        Matcher matcher = TERM.matcher(text.toLowerCase(Locale.ROOT));
        while (matcher.find()) {
            terms.add(matcher.group());
        }
        return terms;
    }
}
