package dev.gemmastreams.service.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import dev.gemmastreams.service.streams.StreamsService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Interactive queries across the fleet: any instance answers for any key. The key's active holder answers first;
 * when it cannot (down, restoring, moving), a standby holder answers from its copy of the state, which may lag by
 * the records not replicated yet. A key held by another instance is fetched from it ({@link PeerQueries}). When no
 * holder can answer (a rebalance is assigning the key, every holder is down) the answer is 503 with Retry-After.
 */
@Component
public class StoreQueries {

    /** Seconds a client should wait before asking again: a rebalance of the fleet takes a few seconds. */
    static final int RETRY_AFTER_SECONDS = 2;

    private final StreamsService streamsService;
    private final PeerQueries peers;

    public StoreQueries(StreamsService streamsService, PeerQueries peers) {
        this.streamsService = streamsService;
        this.peers = peers;
    }

    /**
     * @param queryPath the look-up's query-parameter form ({@code /documents/summary}), by which a peer is asked:
     *                  the key as its {@code id} parameter carries any key, unlike a path segment
     * @param forwarded whether another instance forwarded this query: then only this instance's stores are read
     */
    public <V> ResponseEntity<?> lookup(String store, String key, String queryPath, String what,
                                        Function<V, Object> view, boolean forwarded) {
        String path = peerPath(queryPath, key);
        KafkaStreams streams = streamsService.streams();
        if (streams == null || !streams.state().isRunningOrRebalancing()) {
            return retryLater("Kafka Streams is not running (" + (streams == null ? "not started" : streams.state())
                    + ")");
        }
        KeyQueryMetadata holders;
        try {
            holders = streams.queryMetadataForKey(store, key, Serdes.String().serializer());
        } catch (StreamsException | IllegalStateException e) {
            return retryLater("The owner of '" + key + "' is not known right now (" + e.getMessage() + ")");
        }
        HostInfo self = streamsService.self();
        if (self == null) { // no HTTP server to advertise: a lone instance, holding every key
            return this.<V>local(streams, store, key, -1, true, what, view)
                    .orElseGet(() -> retryLater("The store is not queryable right now (restoring or rebalancing)"));
        }
        if (holders == null || KeyQueryMetadata.NOT_AVAILABLE.equals(holders)
                || HostInfo.unavailable().equals(holders.activeHost())) {
            return retryLater("'" + key + "' is being assigned to an instance (rebalance)");
        }
        List<HostInfo> order = new ArrayList<>();
        order.add(holders.activeHost());
        order.addAll(holders.standbyHosts());
        for (HostInfo holder : order) {
            boolean active = holder.equals(holders.activeHost());
            Optional<ResponseEntity<?>> answer = holder.equals(self)
                    ? local(streams, store, key, holders.partition(), active, what, view)
                    : forwarded ? Optional.empty() : peers.ask(holder, path);
            if (answer.isPresent()) {
                return answer.get();
            }
        }
        return retryLater("No instance holding '" + key + "' can answer right now (restoring, moving or down)");
    }

    /** This instance's answer from its active (or, when not active, standby) copy; empty when not queryable. */
    private <V> Optional<ResponseEntity<?>> local(KafkaStreams streams, String store, String key, int partition,
                                                  boolean active, String what, Function<V, Object> view) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
                .fromNameAndType(store, QueryableStoreTypes.<String, V>keyValueStore());
        if (partition >= 0) {
            parameters = parameters.withPartition(partition);
        }
        try {
            ReadOnlyKeyValueStore<String, V> values = streams.store(active ? parameters : parameters.enableStaleStores());
            V value = values.get(key);
            String servedBy = describe(streamsService.self()) + (active ? "" : " (standby)");
            if (value == null) {
                return Optional.of(ResponseEntity.status(HttpStatus.NOT_FOUND).header(PeerQueries.SERVED_BY, servedBy)
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(JsonError.of(404, "No " + what + " for '" + key + "' (yet)")));
            }
            return Optional.of(ResponseEntity.ok().header(PeerQueries.SERVED_BY, servedBy).body(view.apply(value)));
        } catch (InvalidStateStoreException e) {
            return Optional.empty();
        }
    }

    /** A look-up's path for a peer, the key percent-encoded as a query parameter (a space as %20, not +). */
    static String peerPath(String queryPath, String key) {
        return queryPath + "?id=" + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String describe(HostInfo host) {
        return host == null ? "this instance" : host.host() + ":" + host.port();
    }

    private static ResponseEntity<?> retryLater(String error) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(RETRY_AFTER_SECONDS))
                .contentType(MediaType.APPLICATION_JSON)
                .body(JsonError.of(503, error + "; retry after " + RETRY_AFTER_SECONDS + " s"));
    }
}
