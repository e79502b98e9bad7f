package dev.gemmastreams.engine.forward;

/**
 * One sequence's share of a batched forward step: {@code tokens[from, from + count)} appended to its session, and
 * which of their next-token logits are wanted.
 */
public record StepSlice(GemmaSession session, int[] tokens, int from, int count, Logits logits) {

    /** Which next-token logits a slice returns. */
    public enum Logits {
        /** None: a prefill chunk before the prompt's end. */
        NONE,
        /** After its last token only. */
        LAST,
        /** After each of its tokens. */
        EVERY
    }

    public StepSlice {
        if (count < 1 || from < 0 || from + count > tokens.length) {
            throw new IllegalArgumentException("Slice [" + from + ", " + (from + count) + ") of " + tokens.length
                    + " tokens");
        }
    }

    int logitRows() {
        return switch (logits) {
            case NONE -> 0;
            case LAST -> 1;
            case EVERY -> count;
        };
    }
}
