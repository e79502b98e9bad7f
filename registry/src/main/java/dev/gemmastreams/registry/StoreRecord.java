package dev.gemmastreams.registry;

/** One fact in the registry's topic; the in-memory state is what these facts add up to. */
public sealed interface StoreRecord {

    /** A version of a subject; {@code deleted} marks a soft delete (the id stays resolvable). */
    record SchemaVersion(String subject, int version, int id, String schema, boolean deleted) implements StoreRecord {
        SchemaVersion markedDeleted() {
            return new SchemaVersion(subject, version, id, schema, true);
        }
    }

    /** A tombstone for a version: it is gone entirely (Confluent writes these for permanent deletes). */
    record VersionRemoved(String subject, int version) implements StoreRecord {
    }

    /** The compatibility level of a subject, or the global one when {@code subject} is null; null level: unset. */
    record Compatibility(String subject, CompatibilityLevel level) implements StoreRecord {
    }
}
