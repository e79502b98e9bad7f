package dev.gemmastreams.topology.documents;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.topology.errors.InvalidInputException;
import dev.gemmastreams.topology.text.VisibleText;

/** Rejects documents that can never be summarized, each with a specific reason. */
public final class DocumentValidator {

    static final String STAGE = "validate";

    private final int maxChars;

    public DocumentValidator(int maxChars) {
        if (maxChars < 1) {
            throw new IllegalArgumentException("maxChars must be positive, was " + maxChars);
        }
        this.maxChars = maxChars;
    }

    /** Returns the document unchanged, or throws {@link InvalidInputException} naming what is wrong. */
    public Document validate(String key, Document document) {
        if (document == null) {
            return null; // a tombstone deletes the document: legitimate, not an error
        }
        if (document.getId() == null || document.getId().isBlank()) {
            throw invalid("MISSING_ID", "Document has a blank id (record key '" + key + "')");
        }
        if (key != null && !key.equals(document.getId())) {
            throw invalid("KEY_MISMATCH",
                    "Record key '" + key + "' differs from document id '" + document.getId() + "'");
        }
        if (VisibleText.isBlank(document.getText())) {
            throw invalid("EMPTY_TEXT", "Document '" + document.getId() + "' has no text");
        }
        if (document.getText().length() > maxChars) {
            throw invalid("TEXT_TOO_LARGE", "Document '" + document.getId() + "' has " + document.getText().length()
                    + " characters, over the limit of " + maxChars);
        }
        return document;
    }

    private static InvalidInputException invalid(String reason, String message) {
        return new InvalidInputException(STAGE, reason, message);
    }
}
