package dev.gemmastreams.topology;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the topology, all Avro in the registry's wire format. */
public record TopologySerdes(Serde<Document> documents) {

    public static TopologySerdes using(SchemaRegistry registry) {
        return new TopologySerdes(new SpecificAvroSerde<>(registry, Document.class));
    }
}
