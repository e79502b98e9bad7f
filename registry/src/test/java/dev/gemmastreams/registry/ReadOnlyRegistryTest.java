package dev.gemmastreams.registry;

import dev.gemmastreams.schemas.registry.RegistryProtocol;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import java.net.http.HttpResponse;
import java.util.UUID;

import static dev.gemmastreams.registry.Schemas.USER_V1;
import static org.assertj.core.api.Assertions.assertThat;

/** gemma-streams.registry.serve=read-only: anyone may read over HTTP, nobody may write; the service itself still registers. */
@SpringBootTest(classes = RegistryTestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"gemma-streams.registry.serve=read-only", "gemma-streams.registry.topic=_schemas-read-only"})
class ReadOnlyRegistryTest {

    private static final String JSON = "application/json";

    @LocalServerPort
    int port;

    @Autowired
    LocalSchemaRegistry ownSerdesRegistry;

    private final String subject = "read-only-" + UUID.randomUUID();
    private RawHttp raw;

    @BeforeEach
    void connect() {
        raw = new RawHttp("http://localhost:" + port);
    }

    private static String schemaBody() {
        return "{\"schema\": " + tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(USER_V1.toString()) + "}";
    }

    private static void assertForbidden(HttpResponse<String> answer) {
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("\"error_code\":" + RegistryProtocol.FORBIDDEN, "read-only");
    }

    @Test
    void registrationOverHttpIs403() {
        assertForbidden(raw.send("POST", "/subjects/" + subject + "/versions", JSON, schemaBody()));
    }

    @Test
    void deletingAVersionOverHttpIs403AndKeepsIt() {
        ownSerdesRegistry.register(subject, USER_V1);

        assertForbidden(raw.send("DELETE", "/subjects/" + subject + "/versions/1", JSON, ""));
        assertThat(raw.get("/subjects/" + subject + "/versions").body()).isEqualTo("[1]");
    }

    @Test
    void changingCompatibilityOverHttpIs403() {
        assertForbidden(raw.send("PUT", "/config", JSON, "{\"compatibility\": \"NONE\"}"));
        assertForbidden(raw.send("PUT", "/config/" + subject, JSON, "{\"compatibility\": \"NONE\"}"));
    }

    @Test
    void schemasTheServiceRegistersItselfAreReadableOverHttp() {
        int id = ownSerdesRegistry.register(subject, USER_V1);

        assertThat(raw.get("/schemas/ids/" + id).statusCode()).isEqualTo(200);
        assertThat(raw.send("POST", "/subjects/" + subject, JSON, schemaBody()).body()).contains("\"id\":" + id);
    }
}
