package dev.gemmastreams.schemas.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * JSON over HTTP to one registry: sends a request, returns the parsed body, and turns every failure into a
 * {@link SchemaRegistryException} whose message names the method, the URL and what the registry said.
 */
final class RegistryHttp implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI baseUrl;
    private final Duration timeout;
    private final HttpClient http;
    /** The Authorization header's value, or null; never part of any message. */
    private final String authorization;

    /** @param userInfo "user:password" for HTTP basic authentication, or null for none */
    RegistryHttp(URI baseUrl, Duration timeout, String userInfo) {
        // A trailing slash would double up with our absolute paths.
        String base = baseUrl.toString();
        this.baseUrl = URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.authorization = userInfo == null || userInfo.isBlank() ? null
                : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    URI baseUrl() {
        return baseUrl;
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        return send("POST", path, body);
    }

    private JsonNode send(String method, String path, Object body) {
        URI url = URI.create(baseUrl + path);
        HttpRequest.Builder builder = HttpRequest.newBuilder(url);
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        HttpRequest request = builder
                .timeout(timeout)
                .header("Accept", RegistryProtocol.CONTENT_TYPE + ", application/json")
                .header("Content-Type", RegistryProtocol.CONTENT_TYPE)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(toJson(body)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new SchemaRegistryException(SchemaRegistryException.NO_ANSWER, SchemaRegistryException.NO_ANSWER,
                    "Schema registry did not answer " + method + " " + url + " within " + timeout, e);
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.NO_ANSWER, SchemaRegistryException.NO_ANSWER,
                    "Schema registry unreachable at " + method + " " + url + ": " + describe(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.NO_ANSWER, SchemaRegistryException.NO_ANSWER,
                    "Interrupted while calling the schema registry at " + method + " " + url, e);
        }
        if (response.statusCode() >= 300) {
            throw refusal(method, url, response);
        }
        try {
            return JSON.readTree(response.body());
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(response.statusCode(), response.statusCode(),
                    "Schema registry at " + method + " " + url + " answered " + response.statusCode()
                            + " with a body that is not JSON: " + abbreviate(response.body()), e);
        }
    }

    /** Confluent answers errors as {"error_code": N, "message": "..."}; other registries or proxies may not. */
    private static SchemaRegistryException refusal(String method, URI url, HttpResponse<String> response) {
        int status = response.statusCode();
        int errorCode = status;
        String message = abbreviate(response.body());
        try {
            JsonNode body = JSON.readTree(response.body());
            if (body != null && body.isObject()) {
                errorCode = body.path("error_code").asInt(status);
                message = body.path("message").asText(message);
            }
        } catch (JsonProcessingException e) {
            // Not JSON: keep the raw body as the message.
        }
        return new SchemaRegistryException(status, errorCode, "Schema registry at " + method + " " + url
                + " answered HTTP " + status + " (error_code " + errorCode + "): " + message);
    }

    private static String toJson(Object body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Cannot encode registry request body", e);
        }
    }

    private static String describe(IOException e) {
        // java.net.ConnectException often has a null message; its class name is then the useful part.
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private static String abbreviate(String text) {
        if (text == null || text.isBlank()) {
            return "(empty body)";
        }
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    @Override
    public void close() {
        http.close();
    }
}
