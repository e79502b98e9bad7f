package dev.gemmastreams.topology;

/** Names of the state stores, for interactive queries. */
public final class StoreNames {
    /** Latest valid document by id, so questions can refer to documents published earlier. */
    public static final String DOCUMENTS = "documents-by-id";

    private StoreNames() {
    }
}
