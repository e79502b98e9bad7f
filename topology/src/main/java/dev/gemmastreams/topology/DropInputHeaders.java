package dev.gemmastreams.topology;

import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Drops the headers a producer put on an input record. Kafka Streams forwards them to every record derived from
 * it, so a summary or verdict would carry, say, the producer's {@code __value_schema_id} header and make a
 * Confluent deserializer read it with the wrong schema. Outputs carry only headers this service sets.
 */
final class DropInputHeaders<K, V> implements FixedKeyProcessor<K, V, V> {

    private FixedKeyProcessorContext<K, V> context;

    @Override
    public void init(FixedKeyProcessorContext<K, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<K, V> record) {
        context.forward(record.withHeaders(new RecordHeaders()));
    }
}
