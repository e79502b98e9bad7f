package dev.gemmastreams.service.web;

import java.net.URI;
import java.util.Map;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.service.streams.StreamsService;
import dev.gemmastreams.topology.StoreNames;
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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Documents the service knows, served from the state store (an interactive query). When another instance owns
 * the key, the client is redirected there.
 */
@RestController
public class DocumentController {

    private final StreamsService streamsService;

    public DocumentController(StreamsService streamsService) {
        this.streamsService = streamsService;
    }

    @GetMapping("/documents/{id}")
    public ResponseEntity<?> document(@PathVariable String id) {
        KafkaStreams streams = streamsService.streams();
        if (streams == null || streams.state() != KafkaStreams.State.RUNNING) {
            return unavailable("Kafka Streams is not running yet");
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(StoreNames.DOCUMENTS, id, Serdes.String().serializer());
        HostInfo host = owner.activeHost();
        if (host != null && !HostInfo.unavailable().equals(host) && !host.equals(streamsService.self())) {
            return ResponseEntity.status(HttpStatus.TEMPORARY_REDIRECT)
                    .location(URI.create("http://" + host.host() + ":" + host.port() + "/documents/" + id)).build();
        }
        try {
            ReadOnlyKeyValueStore<String, Document> store = streams.store(
                    StoreQueryParameters.fromNameAndType(StoreNames.DOCUMENTS, QueryableStoreTypes.keyValueStore()));
            Document document = store.get(id);
            if (document == null) {
                return ResponseEntity.status(HttpStatus.NOT_FOUND)
                        .body(Map.of("error", "No document with id '" + id + "'"));
            }
            return ResponseEntity.ok(DocumentView.of(document));
        } catch (InvalidStateStoreException e) {
            return unavailable("The document store is not queryable right now (" + e.getMessage() + ")");
        }
    }

    private static ResponseEntity<?> unavailable(String why) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(Map.of("error", why));
    }

    /** The JSON shape of a document. */
    public record DocumentView(String id, String title, String source, String language, String contentType,
                               int characters, String text, Map<String, String> metadata) {
        static DocumentView of(Document d) {
            return new DocumentView(d.getId(), d.getTitle(), d.getSource(), d.getLanguage(), d.getContentType(),
                    d.getText().length(), d.getText(), d.getMetadata());
        }
    }
}
