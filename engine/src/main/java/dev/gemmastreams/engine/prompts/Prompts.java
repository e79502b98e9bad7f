package dev.gemmastreams.engine.prompts;

import java.util.List;

/**
 * The instructions given to the model, versioned: a result records the version of the prompt that made it, and
 * cached results are reused only for the same version. Change a text, change its version.
 */
public final class Prompts {

    public static final String SUMMARY_VERSION = "summary-v1";
    public static final String ANSWER_VERSION = "answer-v1";

    private Prompts() {
    }

    public static String summarize(String text) {
        return "Summarize the following document in a few sentences. Keep names, numbers and dates exact.\n\n"
                + "Document:\n" + text;
    }

    /** Combines summaries of consecutive parts of one document. */
    public static String combine(List<String> partSummaries) {
        StringBuilder prompt = new StringBuilder("The following are summaries of consecutive parts of one document. "
                + "Combine them into one summary of the whole document in a few sentences.\n");
        for (int i = 0; i < partSummaries.size(); i++) {
            prompt.append("\nPart ").append(i + 1).append(":\n").append(partSummaries.get(i)).append('\n');
        }
        return prompt.toString();
    }

    /** Passages are numbered from 1 in the order given; the answer cites them as [n]. */
    public static String answer(String question, List<String> passages) {
        StringBuilder prompt = new StringBuilder("Answer the question using only the numbered passages below. "
                + "If they do not contain the answer, say so. Cite the passages you used like [1].\n\nPassages:\n");
        for (int i = 0; i < passages.size(); i++) {
            prompt.append('[').append(i + 1).append("] ").append(passages.get(i)).append('\n');
        }
        return prompt.append("\nQuestion: ").append(question).toString();
    }
}
