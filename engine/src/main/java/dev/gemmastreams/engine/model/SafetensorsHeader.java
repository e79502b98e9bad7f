package dev.gemmastreams.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The header of one safetensors file, checked against the file's size before anything is memory-mapped:
 * a truncated download or a corrupt header fails here with the file named, not later as a crash in a kernel.
 *
 * <p>Format: 8-byte little-endian header length, a JSON object {name: {dtype, shape, data_offsets}}, then data;
 * offsets are relative to the end of the header.
 */
public record SafetensorsHeader(Path file, long headerLength, long dataLength, Map<String, Entry> tensors) {

    /** Jlama maps only the first 1 MiB to read the header. */
    static final long MAX_HEADER_LENGTH = (1 << 20) - 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tensor's description. Offsets are relative to the start of the data section. */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {
        public long elementCount() {
            long n = 1;
            for (long d : shape) {
                n *= d;
            }
            return n;
        }
    }

    public static SafetensorsHeader read(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) {
                throw corrupt(file, "file is " + size + " bytes, shorter than the 8-byte header length");
            }
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long headerLength = len.flip().getLong();
            if (headerLength <= 0 || headerLength > size - 8) {
                throw corrupt(file, "header length " + headerLength + " does not fit in a file of " + size
                        + " bytes (truncated or not a safetensors file)");
            }
            if (headerLength > MAX_HEADER_LENGTH) {
                throw corrupt(file, "header length " + headerLength + " exceeds " + MAX_HEADER_LENGTH + " bytes");
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(ch, header, 8);
            long dataLength = size - 8 - headerLength;
            return new SafetensorsHeader(file, headerLength, dataLength, parse(file, header.array(), dataLength));
        } catch (IOException e) {
            throw new ModelLoadException("Cannot read safetensors file " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Entry> parse(Path file, byte[] header, long dataLength) {
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (IOException e) {
            throw corrupt(file, "header is not valid JSON (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw corrupt(file, "header is not a JSON object");
        }
        Map<String, Entry> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                continue;
            }
            tensors.put(f.getKey(), entry(file, f.getKey(), f.getValue(), dataLength));
        }
        return tensors;
    }

    private static Entry entry(Path file, String name, JsonNode n, long dataLength) {
        JsonNode dtype = n.get("dtype");
        JsonNode shape = n.get("shape");
        JsonNode offsets = n.get("data_offsets");
        if (dtype == null || shape == null || !shape.isArray() || offsets == null || !offsets.isArray()
                || offsets.size() != 2) {
            throw corrupt(file, "tensor '" + name + "' lacks dtype, shape or data_offsets");
        }
        List<Long> dims = new ArrayList<>();
        shape.forEach(d -> dims.add(d.asLong(-1)));
        long[] s = dims.stream().mapToLong(Long::longValue).toArray();
        long begin = offsets.get(0).asLong(-1);
        long end = offsets.get(1).asLong(-1);
        if (begin < 0 || end < begin || end > dataLength) {
            throw corrupt(file, "tensor '" + name + "' has data_offsets [" + begin + ", " + end
                    + "] outside the " + dataLength + " data bytes of the file (truncated?)");
        }
        Entry e = new Entry(name, dtype.asText(), s, begin, end);
        int width = bytesPerElement(e.dtype());
        if (width > 0 && e.elementCount() * width != end - begin) {
            throw corrupt(file, "tensor '" + name + "' of dtype " + e.dtype() + " and shape " + dims + " needs "
                    + e.elementCount() * width + " bytes but its data_offsets span " + (end - begin));
        }
        return e;
    }

    /** Bytes per element of a safetensors dtype, or -1 when unknown. */
    static int bytesPerElement(String dtype) {
        return switch (dtype) {
            case "F64", "I64", "U64" -> 8;
            case "F32", "I32", "U32" -> 4;
            case "F16", "BF16", "I16", "U16" -> 2;
            case "I8", "U8", "BOOL" -> 1;
            default -> -1;
        };
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position) throws IOException {
        while (buf.hasRemaining()) {
            int n = ch.read(buf, position + buf.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static ModelLoadException corrupt(Path file, String why) {
        return new ModelLoadException("Corrupt safetensors file " + file + ": " + why);
    }
}
