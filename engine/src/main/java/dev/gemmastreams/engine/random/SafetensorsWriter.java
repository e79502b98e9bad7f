package dev.gemmastreams.engine.random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes one safetensors file: 8-byte little-endian header length, JSON header (dtype, shape, data_offsets),
 * padded with spaces to 8 bytes as the reference writer does, then the tensors' data, streamed.
 */
final class SafetensorsWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int CHUNK_ELEMENTS = 1 << 18;

    /** A tensor to write; {@code values} fills the next elements in row-major order. */
    record Tensor(String name, long[] shape, ValueSource values) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    interface ValueSource {
        /** Fills {@code out[0..count)} with the next values. */
        void next(float[] out, int count);
    }

    private SafetensorsWriter() {}

    static long bytes(List<Tensor> tensors, WeightDType dtype) {
        return tensors.stream().mapToLong(t -> t.elements() * dtype.bytes()).sum();
    }

    static void write(Path file, List<Tensor> tensors, WeightDType dtype) throws IOException {
        byte[] header = header(tensors, dtype);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip();
            writeFully(ch, len);
            writeFully(ch, ByteBuffer.wrap(header));
            float[] chunk = new float[CHUNK_ELEMENTS];
            ByteBuffer buf = ByteBuffer.allocateDirect(CHUNK_ELEMENTS * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (Tensor t : tensors) {
                long remaining = t.elements();
                while (remaining > 0) {
                    int n = (int) Math.min(remaining, CHUNK_ELEMENTS);
                    t.values().next(chunk, n);
                    buf.clear();
                    for (int i = 0; i < n; i++) {
                        dtype.put(buf, chunk[i]);
                    }
                    writeFully(ch, buf.flip());
                    remaining -= n;
                }
            }
        }
    }

    private static byte[] header(List<Tensor> tensors, WeightDType dtype) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("__metadata__").put("format", "pt");
        long offset = 0;
        for (Tensor t : tensors) {
            ObjectNode n = root.putObject(t.name());
            n.put("dtype", dtype.safetensorsName());
            var shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            long end = offset + t.elements() * dtype.bytes();
            n.putArray("data_offsets").add(offset).add(end);
            offset = end;
        }
        StringBuilder json = new StringBuilder(root.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
