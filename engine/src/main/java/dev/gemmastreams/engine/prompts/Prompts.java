package dev.gemmastreams.engine.prompts;

import java.util.List;

import dev.gemmastreams.engine.tokenizer.Prompt;

/**
 * The instructions given to the model, versioned: a result records the version of the prompt that made it, and
 * cached results are reused only for the same version. Change a text, change its version. The instructions are
 * template text; documents, questions, passages and part summaries are content (plain text, no control tokens).
 */
public final class Prompts {

    public static final String SUMMARY_VERSION = "summary-v2";
    public static final String ANSWER_VERSION = "answer-v2";

    private Prompts() {
    }

    public static Prompt summarize(String text) {
        return Prompt.builder()
                .template("Summarize the following document in a few sentences. Keep names, numbers and dates exact."
                        + "\n\nDocument:\n")
                .content(text)
                .build();
    }

    /** Combines summaries of consecutive parts of one document. */
    public static Prompt combine(List<String> partSummaries) {
        Prompt.Builder prompt = Prompt.builder().template("The following are summaries of consecutive parts of one "
                + "document. Combine them into one summary of the whole document in a few sentences.\n");
        for (int i = 0; i < partSummaries.size(); i++) {
            prompt.template("\nPart " + (i + 1) + ":\n").content(partSummaries.get(i)).template("\n");
        }
        return prompt.build();
    }

    /** Passages are numbered from 1 in the order given; the answer cites them as [n]. */
    public static Prompt answer(String question, List<String> passages) {
        Prompt.Builder prompt = Prompt.builder().template("Answer the question using only the numbered passages "
                + "below. If they do not contain the answer, say so. Cite the passages you used like [1].\n\n"
                + "Passages:\n");
        for (int i = 0; i < passages.size(); i++) {
            prompt.template("[" + (i + 1) + "] ").content(passages.get(i)).template("\n");
        }
        return prompt.template("\nQuestion: ").content(question).build();
    }
}
