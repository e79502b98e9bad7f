package dev.gemmastreams.schemas.serde;

import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes and decodes the Avro binary body that follows the wire-format header. */
final class AvroBody {

    private AvroBody() {
    }

    static <T> byte[] encode(int schemaId, T datum, DatumWriter<T> writer) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.writeBytes(WireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(datum, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
        return out.toByteArray();
    }

    /** Decodes the body; any bytes left over mean the writer schema was not the one the header claims. */
    static <T> T decode(String topic, int schemaId, byte[] data, DatumReader<T> reader) {
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, null);
        T datum;
        try {
            datum = reader.read(null, decoder);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException(WireFormatException.Reason.MALFORMED_AVRO, "Record on topic '" + topic
                    + "' does not decode as Avro with writer schema id " + schemaId + ": " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new WireFormatException(WireFormatException.Reason.MALFORMED_AVRO, "Record on topic '" + topic
                        + "' has bytes left over after decoding with writer schema id " + schemaId
                        + " (wrong schema id or corrupted body)");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return datum;
    }
}
