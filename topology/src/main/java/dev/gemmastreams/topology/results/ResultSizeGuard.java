package dev.gemmastreams.topology.results;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

import dev.gemmastreams.topology.errors.InvalidInputException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;

/**
 * Refuses an outcome whose records would be larger than the output topics accept, before any of them is sent: a
 * refused send would abort the exactly-once transaction and the input would fail again on every retry. The input
 * becomes a dead letter ({@code RESULT_TOO_LARGE}) instead, in the same transaction, and the stream goes on.
 *
 * @param <V> the outcome (a result and its verdicts)
 */
public final class ResultSizeGuard<V> implements FixedKeyProcessor<String, V, V> {

    public static final String STAGE = "produce";
    public static final String REASON = "RESULT_TOO_LARGE";
    /** Room for the record's framing in its batch (headers, lengths, timestamps). */
    static final int FRAMING_BYTES = 512;

    /** One output record of an outcome: where it goes and how it is written. */
    public record Output<V>(String topic, Serializer<? extends SpecificRecord> serializer,
                            Function<V, List<? extends SpecificRecord>> records) {
    }

    private final int maxBytes;
    private final List<Output<V>> outputs;
    private FixedKeyProcessorContext<String, V> context;

    public ResultSizeGuard(int maxBytes, List<Output<V>> outputs) {
        this.maxBytes = maxBytes;
        this.outputs = List.copyOf(outputs);
    }

    @Override
    public void init(FixedKeyProcessorContext<String, V> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, V> record) {
        int keyBytes = record.key() == null ? 0 : record.key().getBytes(StandardCharsets.UTF_8).length;
        for (Output<V> output : outputs) {
            for (SpecificRecord result : output.records().apply(record.value())) {
                int size = keyBytes + serialized(output, result) + FRAMING_BYTES;
                if (size > maxBytes) {
                    throw new InvalidInputException(STAGE, REASON, "The result for '" + record.key() + "' on "
                            + output.topic() + " would take " + size + " bytes, over the " + maxBytes
                            + " bytes the output topics accept");
                }
            }
        }
        context.forward(record);
    }

    @SuppressWarnings("unchecked")
    private static int serialized(Output<?> output, SpecificRecord result) {
        byte[] bytes = ((Serializer<SpecificRecord>) output.serializer()).serialize(output.topic(), result);
        return bytes == null ? 0 : bytes.length;
    }
}
