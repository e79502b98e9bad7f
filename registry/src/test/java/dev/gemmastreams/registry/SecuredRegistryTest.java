package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

import static dev.gemmastreams.registry.Schemas.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Read-write with gemma-streams.registry.write-credentials: writes need HTTP basic credentials, reads do not. */
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gemma-streams.registry.serve=read-write", "gemma-streams.registry.topic=_schemas-secured",
                "gemma-streams.registry.write-credentials=" + SecuredRegistryTest.CREDENTIALS})
class SecuredRegistryTest {

    static final String PASSWORD = "pa55-w0rd-never-shown";
    static final String CREDENTIALS = "writer:" + PASSWORD;
    private static final String JSON = "application/json";

    @LocalServerPort
    int port;

    private final String subject = "secured-" + UUID.randomUUID();
    private RawHttp raw;

    @BeforeEach
    void connect() {
        raw = new RawHttp("http://localhost:" + port);
    }

    private SchemaRegistryClient client(String userInfo) {
        return new SchemaRegistryClient(URI.create("http://localhost:" + port), Duration.ofSeconds(10), userInfo);
    }

    private static String basic(String userInfo) {
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    private static String schemaBody() {
        return "{\"schema\": " + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(USER_V1.toString()) + "}";
    }

    @Test
    void registrationWithoutCredentialsIs401WithABasicChallenge() {
        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", JSON, schemaBody());

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("\"error_code\":" + RegistryProtocol.UNAUTHORIZED);
        assertThat(answer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    }

    @Test
    void wrongCredentialsAre401AndTheAnswerNamesNoCredentials() {
        HttpResponse<String> answer = raw.send("POST", "/subjects/" + subject + "/versions", JSON, schemaBody(),
                "Authorization", basic("writer:guess"));

        assertThat(answer.statusCode()).isEqualTo(401);
        assertThat(answer.body()).contains("\"error_code\":" + RegistryProtocol.UNAUTHORIZED)
                .doesNotContain(PASSWORD).doesNotContain("guess");
    }

    @Test
    void deleteWithoutCredentialsIs401() {
        try (SchemaRegistryClient writer = client(CREDENTIALS)) {
            writer.register(subject, USER_V1);
        }

        assertThat(raw.send("DELETE", "/subjects/" + subject + "/versions/1", JSON, "").statusCode()).isEqualTo(401);
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void clientWithTheCredentialsRegisters() {
        try (SchemaRegistryClient writer = client(CREDENTIALS)) {
            int id = writer.register(subject, USER_V1);

            assertThat(raw.get("/schemas/ids/" + id).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void clientWithoutCredentialsMayReadButNotRegister() {
        int id;
        try (SchemaRegistryClient writer = client(CREDENTIALS)) {
            id = writer.register(subject, USER_V1);
        }
        try (SchemaRegistryClient reader = client(null)) {
            assertThat(reader.schemaById(id)).isEqualTo(USER_V1);
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> reader.register(subject + "-other", USER_V1));
            assertThat(e.httpStatus()).isEqualTo(401);
        }
    }
}
