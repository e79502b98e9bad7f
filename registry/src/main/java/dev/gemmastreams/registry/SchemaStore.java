package dev.gemmastreams.registry;

import java.util.List;
import java.util.function.Supplier;

/** Where the registry's facts are kept; {@link RegistryService} reads the state and appends records. */
public interface SchemaStore {

    /** What a write decided: the records to append (maybe none) and the answer to give once they are stored. */
    record Decision<T>(List<StoreRecord> records, T answer) {

        static <T> Decision<T> nothing(T answer) {
            return new Decision<>(List.of(), answer);
        }

        static <T> Decision<T> append(StoreRecord record, T answer) {
            return new Decision<>(List.of(record), answer);
        }
    }

    /** The current contents. */
    SchemaRegistryState state();

    /** Picks up every record other writers committed so far. */
    void catchUp();

    /**
     * Runs {@code decide} on state that holds every record written so far, appends the records it returns durably,
     * and returns its answer once {@link #state()} holds them. {@code decide} may run more than once (when another
     * writer got in first) and may throw to refuse the write.
     */
    <T> T write(Supplier<Decision<T>> decide);
}
