package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegisteredSchema;
import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

import static dev.gemmastreams.registry.Schemas.ORDER;
import static dev.gemmastreams.registry.Schemas.USER_V1;
import static dev.gemmastreams.registry.Schemas.USER_V2;
import static dev.gemmastreams.registry.Schemas.USER_WITH_REQUIRED_AGE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Our client against the registry API served over a real port, plus raw HTTP for what the client never sends. */
@RegistryWebTest
class RegistryApiTest {

    private static final String JSON_BODY = "application/json";

    @LocalServerPort
    int port;

    /** Every test has its own subjects: the registry is shared by the whole test context. */
    private final String subject = "subject-" + UUID.randomUUID();
    private final String otherSubject = "other-" + UUID.randomUUID();
    private SchemaRegistryClient client;
    private RawHttp raw;

    @BeforeEach
    void connect() {
        client = newClient();
        raw = new RawHttp("http://localhost:" + port);
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    /** A client with empty caches, so its answers come from the server. */
    private SchemaRegistryClient newClient() {
        return new SchemaRegistryClient(URI.create("http://localhost:" + port), Duration.ofSeconds(10));
    }

    private SchemaRegistryException refusal(Runnable call) {
        return catchThrowableOfType(SchemaRegistryException.class, call::run);
    }

    private static String schemaBody(String schema) {
        return "{\"schema\": " + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(schema) + "}";
    }

    @Test
    void registeredIdResolvesToTheSchema() {
        int id = client.register(subject, USER_V1);

        try (SchemaRegistryClient fresh = newClient()) {
            assertThat(fresh.schemaById(id)).isEqualTo(USER_V1);
        }
    }

    @Test
    void registeringTheSameSchemaAgainGivesTheSameIdAndVersion() {
        int first = client.register(subject, USER_V1);
        int second;
        try (SchemaRegistryClient fresh = newClient()) {
            second = fresh.register(subject, USER_V1);
        }

        assertThat(second).isEqualTo(first);
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void theSameSchemaInAnotherSubjectReusesTheGlobalId() {
        int id = client.register(subject, ORDER);

        assertThat(client.register(otherSubject, ORDER)).isEqualTo(id);
        assertThat(client.latest(otherSubject).version()).isEqualTo(1);
    }

    @Test
    void lookupFindsTheRegisteredSchemasId() {
        int id = client.register(subject, USER_V1);

        try (SchemaRegistryClient fresh = newClient()) {
            assertThat(fresh.idOf(subject, USER_V1)).isEqualTo(id);
        }
    }

    @Test
    void lookupOfASchemaNotInTheSubjectIs40403() {
        client.register(subject, USER_V1);

        assertThat(refusal(() -> client.idOf(subject, ORDER)).errorCode()).isEqualTo(RegistryProtocol.SCHEMA_NOT_FOUND);
    }

    @Test
    void compatibleSchemaBecomesTheNextVersionAndTheLatest() {
        client.register(subject, USER_V1);
        int id = client.register(subject, USER_V2);

        RegisteredSchema latest = client.latest(subject);

        assertThat(latest).isEqualTo(new RegisteredSchema(subject, 2, id, USER_V2));
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1,2]");
    }

    @Test
    void incompatibleSchemaIsRefusedWith409AndAvrosReason() {
        client.register(subject, USER_V1);

        SchemaRegistryException e = refusal(() -> client.register(subject, USER_WITH_REQUIRED_AGE));

        assertThat(e.httpStatus()).isEqualTo(409);
        assertThat(e.errorCode()).isEqualTo(RegistryProtocol.INCOMPATIBLE_SCHEMA);
        assertThat(e.getMessage()).contains("READER_FIELD_MISSING_DEFAULT_VALUE", "age", subject);
    }

    @Test
    void backwardIsTheDefaultLevel() {
        client.register(subject, USER_V1);

        assertThat(raw.get("/config").body()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(client.isCompatible(subject, USER_V2)).isTrue();
        assertThat(client.isCompatible(subject, USER_WITH_REQUIRED_AGE)).isFalse();
    }

    @Test
    void compatibilityCheckAgainstAnEmptySubjectPasses() {
        assertThat(client.isCompatible(subject, USER_V1)).isTrue();
    }

    @Test
    void subjectLevelOverridesTheGlobalLevelForThatSubjectOnly() {
        client.register(subject, USER_V1);
        client.register(otherSubject, USER_V1);

        HttpResponse<String> put = raw.send("PUT", "/config/" + subject, JSON_BODY, "{\"compatibility\": \"NONE\"}");

        assertThat(put.body()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(raw.get("/config/" + subject).body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertThat(client.register(subject, USER_WITH_REQUIRED_AGE)).isPositive();
        assertThat(refusal(() -> client.register(otherSubject, USER_WITH_REQUIRED_AGE)).httpStatus()).isEqualTo(409);
    }

    @Test
    void subjectWithoutItsOwnLevelAnswers40408UnlessAskedForTheGlobalDefault() {
        HttpResponse<String> own = raw.get("/config/" + subject);

        assertThat(own.statusCode()).isEqualTo(404);
        assertThat(own.body()).contains("\"error_code\":40408");
        assertThat(raw.get("/config/" + subject + "?defaultToGlobal=true").body())
                .isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
    }

    @Test
    void unknownCompatibilityLevelIs42203() {
        HttpResponse<String> put = raw.send("PUT", "/config/" + subject, JSON_BODY, "{\"compatibility\": \"SIDEWAYS\"}");

        assertThat(put.statusCode()).isEqualTo(422);
        assertThat(put.body()).contains("\"error_code\":42203", "SIDEWAYS", "FULL_TRANSITIVE");
    }

    @Test
    void deletedVersionLeavesTheSubjectButItsIdStillResolves() {
        int id = client.register(subject, USER_V1);
        client.register(subject, USER_V2);

        HttpResponse<String> delete = raw.send("DELETE", "/subjects/" + subject + "/versions/1", JSON_BODY, "");

        assertThat(delete.body()).isEqualTo("1");
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[2]");
        assertThat(raw.get("/subjects/" + subject + "/versions/1").body()).contains("\"error_code\":40402");
        try (SchemaRegistryClient fresh = newClient()) {
            assertThat(fresh.schemaById(id)).isEqualTo(USER_V1);
        }
    }

    @Test
    void subjectsListsSubjectsWithLiveVersions() {
        client.register(subject, USER_V1);

        assertThat(client.subjects()).contains(subject).doesNotContain(otherSubject);
    }

    @Test
    void subjectNamesWithSpacesAndDotsAreUrlEncoded() {
        String odd = subject + " with spaces.and.dots";

        int id = client.register(odd, USER_V1);

        assertThat(client.latest(odd)).isEqualTo(new RegisteredSchema(odd, 1, id, USER_V1));
    }

    @Test
    void unknownSubjectIs40401() {
        SchemaRegistryException e = refusal(() -> client.latest(subject));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(RegistryProtocol.SUBJECT_NOT_FOUND);
        assertThat(e.getMessage()).contains("/subjects/" + subject + "/versions/latest", "not found");
    }

    @Test
    void unknownVersionIs40402() {
        client.register(subject, USER_V1);

        HttpResponse<String> answer = raw.get("/subjects/" + subject + "/versions/7");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("\"error_code\":40402");
    }

    @Test
    void versionThatIsNotANumberIs42202() {
        client.register(subject, USER_V1);

        assertThat(raw.get("/subjects/" + subject + "/versions/first").body()).contains("\"error_code\":42202");
    }

    @Test
    void unknownSchemaIdIs40403() {
        SchemaRegistryException e = refusal(() -> client.schemaById(987_654));

        assertThat(e.httpStatus()).isEqualTo(404);
        assertThat(e.errorCode()).isEqualTo(RegistryProtocol.SCHEMA_NOT_FOUND);
    }

    @Test
    void invalidSchemaIs42201() {
        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", RegistryProtocol.CONTENT_TYPE,
                schemaBody("{\"type\": \"recrod\", \"name\": \"X\"}"));

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("\"error_code\":42201", "Invalid schema", "MUST be a primitive type");
    }

    @Test
    void malformedJsonBodyIsA400ThatSaysSo() {
        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", RegistryProtocol.CONTENT_TYPE,
                "{\"schema\": ");

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.body()).contains("\"error_code\":400", "Malformed JSON request body");
    }

    @Test
    void bodyWithoutSchemaFieldIs42201() {
        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", JSON_BODY, "{\"scheme\": \"x\"}");

        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("\"error_code\":42201", "no \\\"schema\\\" field");
    }

    @Test
    void answersCarryTheRegistryContentType() {
        int id = client.register(subject, USER_V1);

        assertThat(raw.get("/schemas/ids/" + id).headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(RegistryProtocol.CONTENT_TYPE));
        assertThat(raw.get("/subjects/" + subject + "/versions/99").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(RegistryProtocol.CONTENT_TYPE));
    }

    @Test
    void requestsLabelledJsonOrOctetStreamAreAccepted() {
        for (String contentType : new String[] {RegistryProtocol.CONTENT_TYPE, JSON_BODY, "application/octet-stream"}) {
            HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", contentType,
                    schemaBody(USER_V1.toString()));

            assertThat(answer.statusCode()).as(contentType).isEqualTo(200);
            assertThat(answer.body()).as(contentType).matches("\\{\"id\":\\d+}");
        }
    }

    @Test
    void schemaIdAnswerHasTheConfluentShape() {
        Schema schema = USER_V1;
        int id = client.register(subject, schema);

        assertThat(raw.get("/schemas/ids/" + id).body()).isEqualTo(schemaBody(schema.toString()).replace(": ", ":"));
    }

    // Conformance with Confluent's documented answers, one endpoint and code at a time.

    private HttpResponse<String> delete(String path) {
        return raw.send("DELETE", path, JSON_BODY, "");
    }

    private static void assertError(HttpResponse<String> answer, int status, int errorCode) {
        assertThat(answer.statusCode()).isEqualTo(status);
        assertThat(answer.body()).contains("\"error_code\":" + errorCode);
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith(RegistryProtocol.CONTENT_TYPE));
    }

    /** What Avro's Java code generator makes of a .avsc: the same schema with avro.java.string on its strings. */
    private static final String USER_V1_AS_GENERATED = """
            {"type": "record", "name": "User", "namespace": "test", "fields": [
              {"name": "name", "type": {"type": "string", "avro.java.string": "String"}}]}""";

    @Test
    void lookupFindsASchemaRegisteredFromTheGeneratedClassWhenAskedWithTheAvscText() {
        int id = client.register(subject, Schemas.parse(USER_V1_AS_GENERATED));

        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject, JSON_BODY, schemaBody(USER_V1.toString()));

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("\"id\":" + id, "\"version\":1");
    }

    @Test
    void lookupWithNormalizeIgnoresDocumentation() {
        int id = client.register(subject, USER_V1);
        String documented = """
                {"type": "record", "name": "User", "namespace": "test", "doc": "a person", "fields": [
                  {"name": "name", "type": "string", "doc": "what they are called"}]}""";

        assertError(raw.send("POST", "/subjects/" + subject, JSON_BODY, schemaBody(documented)), 404, RegistryProtocol.SCHEMA_NOT_FOUND);
        assertThat(raw.send("POST", "/subjects/" + subject + "?normalize=true", JSON_BODY, schemaBody(documented)).body())
                .contains("\"id\":" + id);
    }

    @Test
    void lookupInAnUnknownSubjectIs40401() {
        assertError(raw.send("POST", "/subjects/" + subject, JSON_BODY, schemaBody(USER_V1.toString())), 404,
                RegistryProtocol.SUBJECT_NOT_FOUND);
    }

    @Test
    void softDeletedVersionIsListedAndReadWithDeletedTrue() {
        client.register(subject, USER_V1);
        client.register(subject, USER_V2);
        delete("/subjects/" + subject + "/versions/1");

        assertThat(raw.get("/subjects/" + subject + "/versions?deleted=true").body()).isEqualTo("[1,2]");
        assertThat(raw.get("/subjects/" + subject + "/versions/1?deleted=true").body()).contains("\"version\":1");
    }

    @Test
    void softDeletingASoftDeletedVersionIs40406() {
        client.register(subject, USER_V1);
        client.register(subject, USER_V2);
        delete("/subjects/" + subject + "/versions/1");

        assertError(delete("/subjects/" + subject + "/versions/1"), 404, RegistryProtocol.VERSION_SOFT_DELETED);
    }

    @Test
    void permanentDeleteOfALiveVersionIs40407() {
        client.register(subject, USER_V1);

        assertError(delete("/subjects/" + subject + "/versions/1?permanent=true"), 404, RegistryProtocol.VERSION_NOT_SOFT_DELETED);
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void permanentDeleteAfterASoftDeleteRemovesTheVersion() {
        client.register(subject, USER_V1);
        client.register(subject, USER_V2);
        delete("/subjects/" + subject + "/versions/1");

        HttpResponse<String> permanent = delete("/subjects/" + subject + "/versions/1?permanent=true");

        assertThat(permanent.body()).isEqualTo("1");
        assertThat(raw.get("/subjects/" + subject + "/versions?deleted=true").body()).isEqualTo("[2]");
    }

    @Test
    void deletingASubjectSoftDeletesEveryVersion() {
        client.register(subject, USER_V1);
        client.register(subject, USER_V2);

        HttpResponse<String> answer = delete("/subjects/" + subject);

        assertThat(answer.body()).isEqualTo("[1,2]");
        assertError(raw.get("/subjects/" + subject + "/versions"), 404, RegistryProtocol.SUBJECT_NOT_FOUND);
        assertThat(raw.get("/subjects").body()).doesNotContain(subject);
        assertThat(raw.get("/subjects?deleted=true").body()).contains(subject);
    }

    @Test
    void softDeletingASoftDeletedSubjectIs40404() {
        client.register(subject, USER_V1);
        delete("/subjects/" + subject);

        assertError(delete("/subjects/" + subject), 404, RegistryProtocol.SUBJECT_SOFT_DELETED);
    }

    @Test
    void permanentDeleteOfALiveSubjectIs40405() {
        client.register(subject, USER_V1);

        assertError(delete("/subjects/" + subject + "?permanent=true"), 404, RegistryProtocol.SUBJECT_NOT_SOFT_DELETED);
    }

    @Test
    void permanentDeleteOfASoftDeletedSubjectRemovesIt() {
        client.register(subject, USER_V1);
        delete("/subjects/" + subject);

        assertThat(delete("/subjects/" + subject + "?permanent=true").body()).isEqualTo("[1]");
        assertThat(raw.get("/subjects?deleted=true").body()).doesNotContain(subject);
    }

    @Test
    void deletingAnUnknownSubjectIs40401() {
        assertError(delete("/subjects/" + subject), 404, RegistryProtocol.SUBJECT_NOT_FOUND);
    }

    @Test
    void deletingAVersionOfAnUnknownSubjectIs40401() {
        assertError(delete("/subjects/" + subject + "/versions/1"), 404, RegistryProtocol.SUBJECT_NOT_FOUND);
    }

    @Test
    void deletingAnUnknownVersionIs40402() {
        client.register(subject, USER_V1);

        assertError(delete("/subjects/" + subject + "/versions/5"), 404, RegistryProtocol.VERSION_NOT_FOUND);
    }

    @Test
    void deletingAVersionThatIsNotANumberIs42202() {
        client.register(subject, USER_V1);

        assertError(delete("/subjects/" + subject + "/versions/first"), 422, RegistryProtocol.INVALID_VERSION);
    }

    @Test
    void deletingTheSubjectLevelAnswersItAndFallsBackToTheGlobalOne() {
        raw.send("PUT", "/config/" + subject, JSON_BODY, "{\"compatibility\": \"NONE\"}");

        HttpResponse<String> answer = delete("/config/" + subject);

        assertThat(answer.body()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");
        assertError(raw.get("/config/" + subject), 404, RegistryProtocol.SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED);
    }

    @Test
    void deletingASubjectLevelThatIsNotSetIs40401() {
        assertError(delete("/config/" + subject), 404, RegistryProtocol.SUBJECT_NOT_FOUND);
    }

    @Test
    void idVersionsListsEverySubjectVersionWithTheId() {
        int id = client.register(subject, ORDER);
        client.register(otherSubject, ORDER);

        String body = raw.get("/schemas/ids/" + id + "/versions").body();

        assertThat(body).contains("{\"subject\":\"" + subject + "\",\"version\":1}",
                "{\"subject\":\"" + otherSubject + "\",\"version\":1}");
    }

    @Test
    void idVersionsOfAnUnknownIdIs40403() {
        assertError(raw.get("/schemas/ids/987654/versions"), 404, RegistryProtocol.SCHEMA_NOT_FOUND);
    }

    @Test
    void schemaTypesAreAvroOnly() {
        assertThat(raw.get("/schemas/types").body()).isEqualTo("[\"AVRO\"]");
    }

    @Test
    void unknownPathAnswersAConfluentError() {
        assertError(raw.get("/schemas/no/such/path"), 404, RegistryProtocol.NOT_FOUND);
    }

    @Test
    void unknownPathOutsideTheRegistrysIsAnsweredByTheHost() {
        HttpResponse<String> answer = raw.get("/no/such/path");

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).isEqualTo("not a registry path: /no/such/path");
    }
}
