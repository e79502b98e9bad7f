package dev.gemmastreams.topology;

/** Names of the state stores, for interactive queries. */
public final class StoreNames {
    /** Latest valid document by id, so questions can refer to documents published earlier. */
    public static final String DOCUMENTS = "documents-by-id";
    /** Latest summary outcome by document id. */
    public static final String SUMMARIES = "summaries-by-document";
    /** Latest answer outcome by question id. */
    public static final String ANSWERS = "answers-by-question";
    /**
     * Document outcomes by content hash + model + prompt + safety version, in the task of that key (documents are
     * routed there by it): a duplicate, under any id on any partition, costs no model time.
     */
    public static final String SUMMARY_CACHE = "summary-cache";
    /**
     * Question outcomes by kind (inline or document) + question + text hash + model + prompt + safety version +
     * passage settings, in the task of that key (questions are routed there by it): a duplicate, under any id on
     * any partition, costs no model time.
     */
    public static final String ANSWER_CACHE = "answer-cache";
    /** Documents-topic offset of the last result or deletion published per document id: older ones are dropped. */
    public static final String PUBLISHED_OFFSETS = "published-offsets";
    /**
     * Questions-topic offset of the last answer published per question id and partition (key
     * {@code <partition>/<question id>}): older ones are dropped.
     */
    public static final String PUBLISHED_ANSWER_OFFSETS = "published-answer-offsets";
    /** Questions waiting for their document, by question id. */
    public static final String PENDING_QUESTIONS = "pending-questions";

    private StoreNames() {
    }
}
