package dev.gemmastreams.service.web;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;

import dev.gemmastreams.service.streams.StreamsService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Interactive queries: reads a key from a state store of this instance, or redirects to the instance that owns
 * the key when several run with the same application id.
 */
@Component
public class StoreQueries {

    private final StreamsService streamsService;

    public StoreQueries(StreamsService streamsService) {
        this.streamsService = streamsService;
    }

    /**
     * @param queryPath the look-up's query-parameter form ({@code /documents/summary}), where a redirect sends the
     *                  caller with the key as its {@code id} parameter: it carries any key, unlike a path segment
     */
    public <V> ResponseEntity<?> lookup(String store, String key, String queryPath, String what,
                                        Function<V, Object> view) {
        KafkaStreams streams = streamsService.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return status(HttpStatus.SERVICE_UNAVAILABLE, "Kafka Streams is not running yet");
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        HostInfo host = owner.activeHost();
        if (host != null && !HostInfo.unavailable().equals(host) && !host.equals(streamsService.self())) {
            return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT).location(ownerUrl(host, queryPath, key)).build();
        }
        try {
            ReadOnlyKeyValueStore<String, V> values = streams.store(
                    StoreQueryParameters.fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore()));
            V value = values.get(key);
            return value == null ? status(HttpStatus.NOT_FOUND, "No " + what + " for '" + key + "' (yet)")
                    : ResponseEntity.ok(view.apply(value));
        } catch (InvalidStateStoreException e) {
            return status(HttpStatus.SERVICE_UNAVAILABLE, "The store is not queryable right now (" + e.getMessage() + ")");
        }
    }

    /** The owner's address of a look-up, the key percent-encoded as a query parameter (a space as %20, not +). */
    static URI ownerUrl(HostInfo owner, String queryPath, String key) {
        String id = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
        return URI.create("http://" + owner.host() + ":" + owner.port() + queryPath + "?id=" + id);
    }

    private static ResponseEntity<?> status(HttpStatus status, String message) {
        return JsonError.response(status, message);
    }
}
