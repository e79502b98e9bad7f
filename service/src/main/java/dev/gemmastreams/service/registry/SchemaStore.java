package dev.gemmastreams.service.registry;

/** Where the registry's facts are kept; {@link RegistryService} reads the state and appends records. */
public interface SchemaStore {

    /** The current contents. */
    SchemaRegistryState state();

    /** Picks up records other writers appended since the last read, so a write decides on fresh data. */
    void catchUp();

    /** Appends the record durably, then applies it to {@link #state()}. */
    void write(StoreRecord record);
}
