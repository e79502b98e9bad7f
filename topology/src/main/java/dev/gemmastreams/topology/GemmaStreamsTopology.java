package dev.gemmastreams.topology;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.topology.documents.DocumentValidator;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The service's topology, built by one method. Failures do not appear here: records that cannot be read or
 * are invalid are routed to the dead-letter topic by the streams error handlers (see {@code errors}).
 */
public final class GemmaStreamsTopology {

    private GemmaStreamsTopology() {
    }

    public static Topology build(TopicNames topics, TopologySerdes serdes, int maxDocumentChars) {
        StreamsBuilder builder = new StreamsBuilder();
        DocumentValidator validator = new DocumentValidator(maxDocumentChars);

        builder.stream(topics.documents(), Consumed.with(Serdes.String(), serdes.documents()).withName("documents"))
                .mapValues(validator::validate, Named.as("validate-document"))
                .toTable(Named.as("documents-table"),
                        Materialized.<String, Document, KeyValueStore<Bytes, byte[]>>as(StoreNames.DOCUMENTS)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(serdes.documents()));

        return builder.build();
    }
}
