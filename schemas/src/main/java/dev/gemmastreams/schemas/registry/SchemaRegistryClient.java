package dev.gemmastreams.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A thin client of the Confluent Schema Registry REST API (also served by Apicurio's ccompat API, Karapace,
 * Redpanda and our own service). Ids and schemas never change once assigned, so both directions are cached:
 * a serde on the hot path asks the registry at most once per schema.
 */
public class SchemaRegistryClient implements SchemaRegistry, AutoCloseable {

    private record SubjectSchema(String subject, Schema schema) {
    }

    private final RegistryHttp http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    public SchemaRegistryClient(URI baseUrl, Duration timeout) {
        this(baseUrl, timeout, null);
    }

    /**
     * @param userInfo "user:password" sent with HTTP basic authentication on every call (Confluent's
     *                 {@code basic.auth.user.info}), or null for none
     */
    public SchemaRegistryClient(URI baseUrl, Duration timeout, String userInfo) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(timeout, "timeout");
        this.http = new RegistryHttp(baseUrl, timeout, userInfo);
    }

    public URI baseUrl() {
        return http.baseUrl();
    }

    /** Registers the schema under the subject (idempotent on the registry side) and returns its global id. */
    @Override
    public int register(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = http.post(subjectPath(subject) + "/versions", schemaBody(schema)).path("id").asInt();
        remember(key, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode body = http.get("/schemas/ids/" + id);
        Schema schema = parse(body.path("schema").asText(), "/schemas/ids/" + id);
        Schema previous = schemasById.putIfAbsent(id, schema);
        return previous == null ? schema : previous;
    }

    /** The id of a schema already registered under the subject; 40401 / 40403 if it is not there. */
    public int idOf(String subject, Schema schema) {
        SubjectSchema key = new SubjectSchema(subject, schema);
        Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        int id = http.post(subjectPath(subject), schemaBody(schema)).path("id").asInt();
        remember(key, id);
        return id;
    }

    /** Whether the registry would accept the schema as the next version of the subject (under its compatibility level). */
    public boolean isCompatible(String subject, Schema schema) {
        return http.post("/compatibility" + subjectPath(subject) + "/versions/latest", schemaBody(schema))
                .path("is_compatible").asBoolean(false);
    }

    public List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        http.get("/subjects").forEach(node -> subjects.add(node.asText()));
        return subjects;
    }

    public RegisteredSchema latest(String subject) {
        String path = subjectPath(subject) + "/versions/latest";
        JsonNode body = http.get(path);
        Schema schema = parse(body.path("schema").asText(), path);
        int id = body.path("id").asInt();
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(body.path("subject").asText(subject), body.path("version").asInt(), id, schema);
    }

    private void remember(SubjectSchema key, int id) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
    }

    private static Map<String, String> schemaBody(Schema schema) {
        return Map.of("schema", schema.toString());
    }

    private static String subjectPath(String subject) {
        // URLEncoder encodes for forms; a path wants %20 rather than '+'.
        return "/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Schema parse(String text, String path) {
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(200, RegistryProtocol.INVALID_SCHEMA,
                    "Schema registry at " + http.baseUrl() + path + " returned a schema Avro cannot parse: "
                            + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
