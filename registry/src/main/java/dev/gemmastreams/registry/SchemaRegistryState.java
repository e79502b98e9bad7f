package dev.gemmastreams.registry;

import dev.gemmastreams.registry.StoreRecord.Compatibility;
import dev.gemmastreams.registry.StoreRecord.SchemaVersion;
import dev.gemmastreams.registry.StoreRecord.VersionRemoved;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry's contents in memory: subjects and their versions, schemas by global id, compatibility levels.
 * Knows nothing of Kafka or HTTP; applying the same record twice changes nothing, so replays are harmless.
 */
public class SchemaRegistryState {

    private final Map<String, TreeMap<Integer, SchemaVersion>> subjects = new TreeMap<>();
    private final Map<Integer, String> schemasById = new HashMap<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel;

    public synchronized void apply(StoreRecord record) {
        switch (record) {
            case SchemaVersion version -> {
                subjects.computeIfAbsent(version.subject(), s -> new TreeMap<>()).put(version.version(), version);
                schemasById.putIfAbsent(version.id(), version.schema());
                idsBySchema.putIfAbsent(version.schema(), version.id());
            }
            case VersionRemoved removed -> {
                TreeMap<Integer, SchemaVersion> versions = subjects.get(removed.subject());
                if (versions != null) {
                    versions.remove(removed.version());
                    if (versions.isEmpty()) {
                        subjects.remove(removed.subject());
                    }
                }
            }
            case Compatibility(String subject, CompatibilityLevel level) when subject == null -> globalLevel = level;
            case Compatibility(String subject, CompatibilityLevel level) when level == null -> subjectLevels.remove(subject);
            case Compatibility(String subject, CompatibilityLevel level) -> subjectLevels.put(subject, level);
        }
    }

    /** Every version of the subject, soft-deleted ones included, oldest first. */
    public synchronized List<SchemaVersion> allVersions(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null ? List.of() : List.copyOf(versions.values());
    }

    /** The versions of the subject that are not deleted, oldest first. */
    public synchronized List<SchemaVersion> liveVersions(String subject) {
        return allVersions(subject).stream().filter(v -> !v.deleted()).toList();
    }

    /** Subjects with at least one live version, in name order. */
    public synchronized List<String> subjects() {
        return subjects(false);
    }

    /** Subjects with at least one live version, or (with {@code deleted}) with any version left, in name order. */
    public synchronized List<String> subjects(boolean deleted) {
        List<String> found = new ArrayList<>();
        subjects.forEach((subject, versions) -> {
            if (deleted ? !versions.isEmpty() : versions.values().stream().anyMatch(v -> !v.deleted())) {
                found.add(subject);
            }
        });
        return found;
    }

    public synchronized Optional<String> schemaById(int id) {
        return Optional.ofNullable(schemasById.get(id));
    }

    /** The global id a schema (in canonical text) already has, in any subject. */
    public synchronized Optional<Integer> idOf(String canonicalSchema) {
        return Optional.ofNullable(idsBySchema.get(canonicalSchema));
    }

    public synchronized int nextId() {
        return schemasById.keySet().stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
    }

    /** Deleted versions keep their numbers: a new version always comes after every earlier one. */
    public synchronized int nextVersion(String subject) {
        TreeMap<Integer, SchemaVersion> versions = subjects.get(subject);
        return versions == null || versions.isEmpty() ? 1 : versions.lastKey() + 1;
    }

    /** The global level, BACKWARD unless configured otherwise. */
    public synchronized CompatibilityLevel globalLevel() {
        return globalLevel == null ? CompatibilityLevel.BACKWARD : globalLevel;
    }

    public synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    public synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevel(subject).orElseGet(this::globalLevel);
    }
}
