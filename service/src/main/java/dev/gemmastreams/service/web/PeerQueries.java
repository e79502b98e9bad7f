package dev.gemmastreams.service.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import org.apache.kafka.streams.state.HostInfo;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Asks another instance of the fleet for a key it holds, so that any instance answers for any key. The request is
 * marked as forwarded: the peer answers from its own stores only and never forwards again (no loops).
 */
@Component
public class PeerQueries {

    /** Header on a forwarded query; also on the answer, naming the instance that served it. */
    public static final String FORWARDED = "Gemma-Streams-Forwarded";
    public static final String SERVED_BY = "Gemma-Streams-Served-By";

    /** A peer that does not answer quickly is taken as gone: the next holder of the key is asked. */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
            .followRedirects(HttpClient.Redirect.NEVER).build();

    /**
     * The peer's answer, unless it is unreachable or cannot answer right now (503): then empty, and the caller
     * tries the next holder.
     */
    public Optional<ResponseEntity<?>> ask(HostInfo peer, String path) {
        URI uri = URI.create("http://" + peer.host() + ":" + peer.port() + path);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT)
                    .header(FORWARDED, "true").header("Accept", MediaType.APPLICATION_JSON_VALUE).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == HttpStatus.SERVICE_UNAVAILABLE.value()) {
                return Optional.empty();
            }
            ResponseEntity.BodyBuilder answer = ResponseEntity.status(response.statusCode())
                    .header(SERVED_BY, response.headers().firstValue(SERVED_BY).orElse(peer.host() + ":" + peer.port()));
            response.headers().firstValue("Content-Type").ifPresent(type -> answer.header("Content-Type", type));
            return Optional.of(answer.body(response.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
