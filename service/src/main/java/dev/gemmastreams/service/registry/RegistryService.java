package dev.gemmastreams.service.registry;

import dev.gemmastreams.service.registry.SchemaStore.Decision;
import dev.gemmastreams.service.registry.StoreRecord.Compatibility;
import dev.gemmastreams.service.registry.StoreRecord.SchemaVersion;
import org.apache.avro.Schema;

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

    /** The live version of the subject holding this schema. */
    public SchemaVersion lookup(String subject, String schemaText) {
        requireSubject(subject);
        String canonical = parse(schemaText).toString();
        return liveVersion(subject, canonical)
                .orElseThrow(() -> RegistryError.schemaNotFound("not registered under subject '" + subject + "'"));
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

    public List<String> subjects() {
        return state().subjects();
    }

    public List<Integer> versions(String subject) {
        return requireSubject(subject).stream().map(SchemaVersion::version).toList();
    }

    /** A live version by number, or the newest for "latest" (or -1, as Confluent accepts). */
    public SchemaVersion version(String subject, String version) {
        List<SchemaVersion> live = requireSubject(subject);
        if (LATEST.equalsIgnoreCase(version) || "-1".equals(version)) {
            return live.getLast();
        }
        int number = versionNumber(version);
        return live.stream().filter(v -> v.version() == number).findFirst()
                .orElseThrow(() -> RegistryError.versionNotFound(subject, version));
    }

    /**
     * What stops the schema from becoming the subject's next version; against "latest" this follows the subject's
     * level (transitive levels check every version), against a number only that version. No versions: nothing.
     */
    public List<String> compatibilityProblems(String subject, String version, String schemaText) {
        Schema schema = parse(schemaText);
        CompatibilityLevel level = state().effectiveLevel(subject);
        if (LATEST.equalsIgnoreCase(version) || "-1".equals(version)) {
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

    /** Soft-deletes a version: it leaves the subject, but its id still resolves. Returns the version number. */
    public int deleteVersion(String subject, String version) {
        return store.write(() -> {
            SchemaVersion doomed = version(subject, version);
            return Decision.append(doomed.markedDeleted(), doomed.version());
        });
    }

    private List<SchemaVersion> requireSubject(String subject) {
        List<SchemaVersion> live = state().liveVersions(subject);
        if (live.isEmpty()) {
            throw RegistryError.subjectNotFound(subject);
        }
        return live;
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
