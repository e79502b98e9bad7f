package dev.gemmastreams.topology.questions;

import dev.gemmastreams.avro.Question;
import dev.gemmastreams.topology.errors.InvalidInputException;
import dev.gemmastreams.topology.text.VisibleText;

/** Rejects questions that can never be answered, each with a specific reason. */
public final class QuestionValidator {

    static final String STAGE = "validate";

    private final int maxChars;
    private final int maxContextChars;

    /**
     * @param maxChars        the longest question text
     * @param maxContextChars the longest inline context: the same limit as a document's text, since it stands in
     *                        for one
     */
    public QuestionValidator(int maxChars, int maxContextChars) {
        this.maxChars = maxChars;
        this.maxContextChars = maxContextChars;
    }

    /** Returns the question unchanged, or throws {@link InvalidInputException} naming what is wrong. */
    public Question validate(String key, Question question) {
        if (question == null) {
            return null; // a tombstone: nothing to answer
        }
        String id = question.getId();
        if (id == null || id.isBlank()) {
            throw invalid("MISSING_ID", "Question has a blank id (record key '" + key + "')");
        }
        if (key != null && !key.equals(id)) {
            throw invalid("KEY_MISMATCH", "Record key '" + key + "' differs from question id '" + id + "'");
        }
        if (VisibleText.isBlank(question.getQuestion())) {
            throw invalid("EMPTY_QUESTION", "Question '" + id + "' has no text");
        }
        if (question.getQuestion().length() > maxChars) {
            throw invalid("QUESTION_TOO_LARGE", "Question '" + id + "' has " + question.getQuestion().length()
                    + " characters, over the limit of " + maxChars);
        }
        boolean hasDocument = question.getDocumentId() != null && !question.getDocumentId().isBlank();
        boolean hasContext = question.getContext() != null;
        if (hasDocument && hasContext) {
            throw invalid("AMBIGUOUS_CONTEXT", "Question '" + id + "' names document '" + question.getDocumentId()
                    + "' and also carries inline context: give one or the other");
        }
        if (!hasDocument && !hasContext) {
            throw invalid("NO_CONTEXT", "Question '" + id + "' names no document and carries no context");
        }
        if (hasContext && VisibleText.isBlank(question.getContext())) {
            throw invalid("EMPTY_CONTEXT", "Question '" + id + "' carries empty inline context");
        }
        if (hasContext && question.getContext().length() > maxContextChars) {
            throw invalid("CONTEXT_TOO_LARGE", "Question '" + id + "' carries " + question.getContext().length()
                    + " characters of inline context, over the limit of " + maxContextChars);
        }
        return question;
    }

    private static InvalidInputException invalid(String reason, String message) {
        return new InvalidInputException(STAGE, reason, message);
    }
}
