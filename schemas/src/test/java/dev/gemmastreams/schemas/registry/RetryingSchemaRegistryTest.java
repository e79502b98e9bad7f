package dev.gemmastreams.schemas.registry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** A registry that is down for a while, against a real HTTP server on localhost. */
class RetryingSchemaRegistryTest {

    private static final Schema STRING = Schema.create(Schema.Type.STRING);

    private final int port = freePort();
    private final AtomicInteger requests = new AtomicInteger();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every request with the status and body, after {@code failures} answers of 503. */
    private void startServer(int failures, int status, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            if (requests.incrementAndGet() <= failures) {
                answer(exchange, 503, "{\"error_code\":50003,\"message\":\"starting\"}");
            } else {
                answer(exchange, status, body);
            }
        });
        server.start();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", RegistryProtocol.CONTENT_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private RetryingSchemaRegistry registry(Duration retryFor) {
        return new RetryingSchemaRegistry(new SchemaRegistryClient(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2)), retryFor);
    }

    @Test
    void registrationWaitsForARegistryThatComesUp() throws Exception {
        try (RetryingSchemaRegistry registry = registry(Duration.ofSeconds(60))) {
            CompletableFuture<Integer> id = CompletableFuture.supplyAsync(() -> registry.register("t-value", STRING));
            Thread.sleep(500); // nothing listens yet: the first attempts are refused

            startServer(0, 200, "{\"id\":7}");

            assertThat(id.get(60, TimeUnit.SECONDS)).isEqualTo(7);
        }
    }

    @Test
    void answersOf503AreTriedAgain() throws Exception {
        startServer(2, 200, "{\"schema\":\"\\\"string\\\"\"}");

        try (RetryingSchemaRegistry registry = registry(Duration.ofSeconds(60))) {
            assertThat(registry.schemaById(3)).isEqualTo(STRING);
        }
        assertThat(requests).hasValue(3);
    }

    @Test
    void registryStillDownAfterTheRetryPeriodIsReportedUnavailable() throws Exception {
        try (RetryingSchemaRegistry registry = registry(Duration.ofMillis(300))) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class,
                    () -> registry.register("t-value", STRING));

            assertThat(e.isUnavailable()).isTrue();
            assertThat(e.getMessage()).contains("unreachable");
        }
    }

    @Test
    void refusalIsNotTriedAgain() throws Exception {
        startServer(0, 404, "{\"error_code\":40403,\"message\":\"Schema not found\"}");

        try (RetryingSchemaRegistry registry = registry(Duration.ofSeconds(60))) {
            SchemaRegistryException e = catchThrowableOfType(SchemaRegistryException.class, () -> registry.schemaById(9));

            assertThat(e.errorCode()).isEqualTo(RegistryProtocol.SCHEMA_NOT_FOUND);
        }
        assertThat(requests).hasValue(1);
    }

    @Test
    void userInfoIsSentAsHttpBasicCredentials() throws Exception {
        AtomicInteger authorized = new AtomicInteger();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            if ("Basic dXNlcjpwYXNz".equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                authorized.incrementAndGet();
            }
            answer(exchange, 200, "{\"id\":5}");
        });
        server.start();

        try (SchemaRegistryClient client = new SchemaRegistryClient(URI.create("http://127.0.0.1:" + port),
                Duration.ofSeconds(2), "user:pass")) {
            assertThat(client.register("t-value", STRING)).isEqualTo(5);
        }
        assertThat(authorized).hasValue(1);
    }
}
