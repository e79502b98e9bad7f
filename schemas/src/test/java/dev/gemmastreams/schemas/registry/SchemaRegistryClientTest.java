package dev.gemmastreams.schemas.registry;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** What needs no server; the client against a real registry is tested in the service module. */
class SchemaRegistryClientTest {

    @Test
    void unreachableRegistryIsReportedWithItsUrl() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (SchemaRegistryClient client =
                     new SchemaRegistryClient(URI.create("http://127.0.0.1:" + closedPort + "/"), Duration.ofSeconds(2))) {

            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> client.register("my topic-value", Schema.create(Schema.Type.STRING)));

            assertThat(e.httpStatus()).isEqualTo(SchemaRegistryException.NO_ANSWER);
            assertThat(e.isUnavailable()).isTrue();
            assertThat(e.getMessage()).contains("unreachable",
                    "POST http://127.0.0.1:" + closedPort + "/subjects/my%20topic-value/versions");
        }
    }
}
