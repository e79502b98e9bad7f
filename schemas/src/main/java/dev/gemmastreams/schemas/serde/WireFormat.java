package dev.gemmastreams.schemas.serde;

import java.nio.ByteBuffer;

/** The Confluent wire format's header: magic byte 0, then the schema id as a 4-byte big-endian int. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /** The schema id in the header, after checking there is a header at all. */
    static int schemaId(String topic, byte[] data) {
        if (data.length < HEADER_SIZE) {
            throw new WireFormatException(WireFormatException.Reason.TOO_SHORT, "Record on topic '" + topic
                    + "' has " + data.length + " byte(s); the Confluent wire format needs at least " + HEADER_SIZE
                    + " (magic byte 0x00 and a 4-byte schema id) before the Avro body");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new WireFormatException(WireFormatException.Reason.UNKNOWN_MAGIC_BYTE, String.format(
                    "Record on topic '%s' is not in the Confluent wire format: expected magic byte 0x00, found 0x%02x%s",
                    topic, data[0] & 0xff, data[0] == '{' ? " ('{': plain JSON?)" : ""));
        }
        return ByteBuffer.wrap(data, 1, 4).getInt();
    }
}
