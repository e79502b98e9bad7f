package dev.gemmastreams.engine.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds added tokens ({@code <start_of_turn>}, {@code <eos>}, runs of newlines or tabs, HTML tags, ...) in raw
 * text the way Hugging Face does for tokens with {@code normalized: false}: scanning left to right, the match that
 * starts first wins, and among matches starting there the longest (Aho-Corasick "leftmost longest"). Special and
 * non-special added tokens are both matched: text that spells {@code <eos>} becomes the {@code <eos>} token,
 * unless a {@link MatchFilter} refuses the match; then its characters stay text and the scan goes on after it, as
 * Hugging Face does with {@code split_special_tokens=True}.
 */
final class AddedTokenMatcher {

    /** Receives the pieces of the text in order. */
    interface Consumer {
        void text(int start, int end);

        void addedToken(int id);
    }

    /** Decides whether a match found at {@code [start, end)} becomes its token. */
    interface MatchFilter {
        MatchFilter ALL = (id, start, end) -> true;

        boolean accept(int id, int start, int end);
    }

    /** Where the scan resumes after a refused match (at most its end). */
    interface Resume {
        int after(int start, int end);
    }

    private static final class Node {
        final Map<Character, Node> children = new HashMap<>(4);
        int tokenId = -1;
    }

    private final Node root = new Node();
    /** Characters that begin some added token: most text positions are rejected with one array read. */
    private final boolean[] startsAToken = new boolean[Character.MAX_VALUE + 1];

    AddedTokenMatcher(List<AddedToken> tokens) {
        for (AddedToken token : tokens) {
            startsAToken[token.content().charAt(0)] = true;
            Node node = root;
            for (int i = 0; i < token.content().length(); i++) {
                node = node.children.computeIfAbsent(token.content().charAt(i), c -> new Node());
            }
            node.tokenId = token.id();
        }
    }

    void split(String text, Consumer consumer) {
        split(text, consumer, MatchFilter.ALL, (start, end) -> end);
    }

    void split(String text, Consumer consumer, MatchFilter filter, Resume resume) {
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            if (!startsAToken[text.charAt(i)]) {
                i++;
                continue;
            }
            int matchEnd = -1;
            int matchId = -1;
            Node node = root;
            for (int j = i; j < text.length(); j++) {
                node = node.children.get(text.charAt(j));
                if (node == null) {
                    break;
                }
                if (node.tokenId >= 0) {
                    matchEnd = j + 1;
                    matchId = node.tokenId;
                }
            }
            if (matchEnd < 0) {
                i++;
                continue;
            }
            if (!filter.accept(matchId, i, matchEnd)) {
                i = Math.max(i + 1, resume.after(i, matchEnd));
                continue;
            }
            if (textStart < i) {
                consumer.text(textStart, i);
            }
            consumer.addedToken(matchId);
            i = matchEnd;
            textStart = i;
        }
        if (textStart < text.length()) {
            consumer.text(textStart, text.length());
        }
    }
}
