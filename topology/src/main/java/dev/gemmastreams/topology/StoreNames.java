package dev.gemmastreams.topology;

/** Names of the state stores, for interactive queries. */
public final class StoreNames {
    /** Latest valid document by id, so questions can refer to documents published earlier. */
    public static final String DOCUMENTS = "documents-by-id";
    /** Latest summary outcome by document id. */
    public static final String SUMMARIES = "summaries-by-document";
    /** Latest answer outcome by question id. */
    public static final String ANSWERS = "answers-by-question";
    /** Document outcomes by content hash + model + prompt + safety version: duplicates cost no model time. */
    public static final String SUMMARY_CACHE = "summary-cache";
    /** Question outcomes by content hash + model + prompt + safety version. */
    public static final String ANSWER_CACHE = "answer-cache";
    /** Questions waiting for their document, by question id. */
    public static final String PENDING_QUESTIONS = "pending-questions";

    private StoreNames() {
    }
}
