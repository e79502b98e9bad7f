package dev.gemmastreams.topology.questions;

import java.text.BreakIterator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.gemmastreams.topology.engine.Passage;
import dev.gemmastreams.topology.engine.TokenCounter;

/**
 * Cuts a document into passages of at most {@code maxTokens} model tokens, on sentence boundaries where it can
 * (paragraph breaks always end a passage), keeping each passage's span in the original text.
 */
public final class PassageSplitter {

    private final TokenCounter tokens;
    private final int maxTokens;

    public PassageSplitter(TokenCounter tokens, int maxTokens) {
        this.tokens = tokens;
        this.maxTokens = maxTokens;
    }

    public List<Passage> split(String text) {
        List<Passage> passages = new ArrayList<>();
        int passageStart = -1;
        int passageEnd = -1;
        for (int[] sentence : sentences(text)) {
            int start = sentence[0];
            int end = sentence[1];
            boolean paragraphBreak = passageStart >= 0 && text.substring(passageEnd, start).contains("\n\n");
            if (passageStart >= 0 && (paragraphBreak || tokens.count(text.substring(passageStart, end)) > maxTokens)) {
                add(passages, text, passageStart, passageEnd);
                passageStart = -1;
            }
            if (passageStart < 0 && tokens.count(text.substring(start, end)) > maxTokens) {
                splitLongSentence(passages, text, start, end);
                continue;
            }
            if (passageStart < 0) {
                passageStart = start;
            }
            passageEnd = end;
        }
        if (passageStart >= 0) {
            add(passages, text, passageStart, passageEnd);
        }
        return passages;
    }

    /** A sentence over the limit is cut into the longest prefixes that fit (binary search on characters). */
    private void splitLongSentence(List<Passage> passages, String text, int start, int end) {
        int from = start;
        while (from < end) {
            int low = from + 1;
            int high = end;
            while (low < high) {
                int mid = (low + high + 1) >>> 1;
                if (tokens.count(text.substring(from, mid)) <= maxTokens) {
                    low = mid;
                } else {
                    high = mid - 1;
                }
            }
            int cut = low;
            if (cut < end && Character.isLowSurrogate(text.charAt(cut)) && cut - 1 > from) {
                cut--; // never split a surrogate pair
            }
            add(passages, text, from, cut);
            from = cut;
        }
    }

    private void add(List<Passage> passages, String text, int start, int end) {
        String passage = text.substring(start, end);
        passages.add(new Passage(passages.size(), start, end, passage, tokens.count(passage), 0));
    }

    /** Sentence spans without their surrounding white space. */
    private static List<int[]> sentences(String text) {
        BreakIterator iterator = BreakIterator.getSentenceInstance(Locale.ROOT);
        iterator.setText(text);
        List<int[]> spans = new ArrayList<>();
        for (int start = iterator.first(), end = iterator.next(); end != BreakIterator.DONE;
             start = end, end = iterator.next()) {
            int s = start;
            int e = end;
            while (s < e && Character.isWhitespace(text.charAt(s))) {
                s++;
            }
            while (e > s && Character.isWhitespace(text.charAt(e - 1))) {
                e--;
            }
            if (s < e) {
                spans.add(new int[] {s, e});
            }
        }
        return spans;
    }
}
