package dev.gemmastreams.schemas.serde;

import dev.gemmastreams.avro.Document;

import java.time.Instant;
import java.util.Map;

/** A filled-in Document for serde tests. */
final class Documents {

    private Documents() {
    }

    static Document sample() {
        return Document.newBuilder()
                .setId("doc-1")
                .setText("Kafka keeps records in partitions.")
                .setTitle("On logs")
                .setSource(null)
                .setLanguage("en")
                .setCreatedAt(Instant.ofEpochMilli(1_700_000_000_000L))
                .setMetadata(Map.of("team", "streams"))
                .build();
    }
}
