package dev.gemmastreams.registry;

import dev.gemmastreams.registry.SchemaStore.Decision;
import dev.gemmastreams.registry.StoreRecord.Compatibility;
import dev.gemmastreams.registry.StoreRecord.SchemaVersion;
import dev.gemmastreams.registry.StoreRecord.VersionRemoved;
import org.apache.avro.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The registry's rules: global ids shared by equal schemas across subjects, versions counting up per subject,
 * compatibility checked against earlier versions before anything is stored. Writes are decided by the store's
 * single writer on fresh state; reads go to the in-memory state.
 */
public class RegistryService {

    private static final String LATEST = "latest";

    private final SchemaStore store;

    public RegistryService(SchemaStore store) {
        this.store = store;
    }

    private SchemaRegistryState state() {
        return store.state();
    }

    /** Registers the schema as the subject's next version, or returns the id it already has there. */
    public int register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        String canonical = schema.toString();
        return store.write(() -> {
            Optional<SchemaVersion> existing = liveVersion(subject, canonical);
            if (existing.isPresent()) {
                return Decision.nothing(existing.get().id());
            }
            CompatibilityLevel level = state().effectiveLevel(subject);
            List<String> problems = level.problems(schema, liveSchemas(subject));
            if (!problems.isEmpty()) {
                throw RegistryError.incompatible(subject, level, String.join("; ", problems));
            }
            int id = state().idOf(canonical).orElseGet(() -> state().nextId());
            return Decision.append(new SchemaVersion(subject, state().nextVersion(subject), id, canonical, false), id);
        });
    }

    /**
     * The version of the subject holding this schema (compared as {@link SchemaEquivalence} says), the live ones
     * only unless {@code deleted}. A miss reads the topic to its end first: the schema may just have been
     * registered through another instance.
     */
    public SchemaVersion lookup(String subject, String schemaText, boolean normalize, boolean deleted) {
        String wanted = SchemaEquivalence.comparableForm(parse(schemaText), normalize);
        return findEquivalent(subject, wanted, normalize, deleted).or(() -> {
            store.catchUp();
            return findEquivalent(subject, wanted, normalize, deleted);
        }).orElseThrow(() -> {
            requireSubject(subject, deleted);
            return RegistryError.schemaNotFound("not registered under subject '" + subject + "'");
        });
    }

    private Optional<SchemaVersion> findEquivalent(String subject, String wanted, boolean normalize, boolean deleted) {
        return versionsOf(subject, deleted).stream()
                .filter(v -> SchemaEquivalence.comparableForm(parse(v.schema()), normalize).equals(wanted))
                .findFirst();
    }

    /**
     * The schema with this id. An id not known here yet may have just been registered through another instance
     * (whose caller may already be writing records with it): read the topic to its end before answering 40403.
     */
    public String schemaById(int id) {
        return state().schemaById(id).or(() -> {
            store.catchUp();
            return state().schemaById(id);
        }).orElseThrow(() -> RegistryError.schemaNotFound("no schema with id " + id));
    }

    /** The subject-version pairs holding the schema with this id; soft-deleted ones only if asked for. */
    public List<SchemaVersion> versionsWithId(int id, boolean deleted) {
        schemaById(id);
        return state().subjects(true).stream()
                .flatMap(subject -> versionsOf(subject, deleted).stream())
                .filter(v -> v.id() == id)
                .toList();
    }

    public SchemaVersion lookup(String subject, String schemaText) {
        return lookup(subject, schemaText, false, false);
    }

    public List<String> subjects() {
        return subjects(false);
    }

    public List<Integer> versions(String subject) {
        return versions(subject, false);
    }

    public int deleteVersion(String subject, String version) {
        return deleteVersion(subject, version, false);
    }

    public List<String> subjects(boolean deleted) {
        return state().subjects(deleted);
    }

    public List<Integer> versions(String subject, boolean deleted) {
        return requireSubject(subject, deleted).stream().map(SchemaVersion::version).toList();
    }

    public SchemaVersion version(String subject, String version) {
        return version(subject, version, false);
    }

    /** A version by number (soft-deleted ones only if asked for), or the newest live one for "latest" (or -1, as Confluent accepts). */
    public SchemaVersion version(String subject, String version, boolean deleted) {
        List<SchemaVersion> versions = requireSubject(subject, deleted);
        if (isLatest(version)) {
            return versions.stream().filter(v -> !v.deleted()).reduce((a, b) -> b).orElse(versions.getLast());
        }
        int number = versionNumber(version);
        return versions.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
    }

    /**
     * What stops the schema from becoming the subject's next version; against "latest" this follows the subject's
     * level (transitive levels check every version), against a number only that version. No versions: nothing.
     */
    public List<String> compatibilityProblems(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        CompatibilityLevel level = state().effectiveLevel(subject);
        if (isLatest(version)) {
            return level.problems(schema, liveSchemas(subject));
        }
        Schema earlier = parse(version(subject, version).schema());
        return level.problems(schema, List.of(earlier));
    }

    public CompatibilityLevel globalLevel() {
        return state().globalLevel();
    }

    public CompatibilityLevel setGlobalLevel(String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        return store.write(() -> Decision.append(new Compatibility(null, parsed), parsed));
    }

    /** The subject's own level; without one, the global level if asked for, else 40408 as Confluent answers. */
    public CompatibilityLevel subjectLevel(String subject, boolean defaultToGlobal) {
        Optional<CompatibilityLevel> own = state().subjectLevel(subject);
        if (own.isPresent()) {
            return own.get();
        }
        if (defaultToGlobal) {
            return state().globalLevel();
        }
        throw RegistryError.subjectLevelNotConfigured(subject);
    }

    public CompatibilityLevel setSubjectLevel(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        return store.write(() -> Decision.append(new Compatibility(subject, parsed), parsed));
    }

    /**
     * Deletes the subject's level, so the global one applies again; returns the level it had.
     * 40401 when it had none of its own.
     */
    public CompatibilityLevel deleteSubjectLevel(String subject) {
        return store.write(() -> {
            CompatibilityLevel own = state().subjectLevel(subject).orElseThrow(() -> RegistryError.subjectNotFound(subject));
            return Decision.append(new Compatibility(subject, null), own);
        });
    }

    /**
     * Soft-deletes a version (it leaves the subject, its id still resolves) or, with {@code permanent}, removes a
     * soft-deleted one for good; Confluent's rules: 40406 for a soft delete of a soft-deleted version, 40407 for
     * a permanent delete of a live one. Returns the version number.
     */
    public int deleteVersion(String subject, String version, boolean permanent) {
        return store.write(() -> {
            SchemaVersion doomed = version(subject, version, true);
            if (!permanent) {
                if (doomed.deleted()) {
                    throw RegistryError.versionSoftDeleted(subject, doomed.version());
                }
                return Decision.append(doomed.markedDeleted(), doomed.version());
            }
            if (!doomed.deleted()) {
                throw RegistryError.versionNotSoftDeleted(subject, doomed.version());
            }
            return Decision.append(new VersionRemoved(subject, doomed.version()), doomed.version());
        });
    }

    /**
     * Soft-deletes every live version of the subject or, with {@code permanent}, removes a soft-deleted subject
     * (and its own level) for good: 40404 for a soft delete of a soft-deleted subject, 40405 for a permanent delete
     * of a live one. Returns the version numbers deleted.
     */
    public List<Integer> deleteSubject(String subject, boolean permanent) {
        return store.write(() -> {
            List<SchemaVersion> all = requireSubject(subject, true);
            List<SchemaVersion> live = all.stream().filter(v -> !v.deleted()).toList();
            List<StoreRecord> records = new ArrayList<>();
            if (!permanent) {
                if (live.isEmpty()) {
                    throw RegistryError.subjectSoftDeleted(subject);
                }
                live.forEach(v -> records.add(v.markedDeleted()));
                return new Decision<>(records, live.stream().map(SchemaVersion::version).toList());
            }
            if (!live.isEmpty()) {
                throw RegistryError.subjectNotSoftDeleted(subject);
            }
            all.forEach(v -> records.add(new VersionRemoved(subject, v.version())));
            if (state().subjectLevel(subject).isPresent()) {
                records.add(new Compatibility(subject, null));
            }
            return new Decision<>(records, all.stream().map(SchemaVersion::version).toList());
        });
    }

    private List<SchemaVersion> versionsOf(String subject, boolean deleted) {
        return deleted ? state().allVersions(subject) : state().liveVersions(subject);
    }

    private List<SchemaVersion> requireSubject(String subject, boolean deleted) {
        List<SchemaVersion> versions = versionsOf(subject, deleted);
        if (versions.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return versions;
    }

    private static boolean isLatest(String version) {
        return LATEST.equalsIgnoreCase(version) || "-1".equals(version);
    }

    private Optional<SchemaVersion> liveVersion(String subject, String canonical) {
        return state().liveVersions(subject).stream().filter(v -> v.schema().equals(canonical)).findFirst();
    }

    private List<Schema> liveSchemas(String subject) {
        return state().liveVersions(subject).stream().map(v -> parse(v.schema())).toList();
    }

    private static int versionNumber(String version) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw RegistryError.invalidVersion(version);
    }

    private static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryError.invalidSchema("empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (RuntimeException e) {
            // SchemaParseException mostly, but Avro signals some problems (bad defaults) with other exceptions.
            throw RegistryError.invalidSchema(e.getMessage());
        }
    }
}
