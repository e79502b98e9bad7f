package dev.gemmastreams.engine.reference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The oracle's own minimal safetensors reader (independent of the engine's loader): reads whole files into memory
 * and returns tensors as doubles. F32, BF16 and F16; single file or index. A U8 tensor {@code <name>} with an F16
 * {@code <name>.q4_scales} is our Q4 format, dequantized here with plain loops: per row, per block of 32 inputs,
 * byte i holds input i (low nibble) and input i + 16 (high nibble), each q + 8; the weight is q * scale.
 */
final class ReferenceSafetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, double[]> tensors = new HashMap<>();
    private final Map<String, byte[]> packed = new HashMap<>();
    private final Map<String, long[]> shapes = new HashMap<>();

    ReferenceSafetensors(Path folder) throws IOException {
        Set<String> files = new LinkedHashSet<>();
        Path index = folder.resolve("model.safetensors.index.json");
        if (Files.exists(index)) {
            JSON.readTree(index.toFile()).get("weight_map").forEach(f -> files.add(f.asText()));
        } else {
            files.add("model.safetensors");
        }
        for (String f : files) {
            read(folder.resolve(f));
        }
        packed.forEach((name, bytes) -> {
            double[] scales = get(name + ".q4_scales");
            int rows = (int) shapes.get(name)[0];
            int cols = (int) shapes.get(name)[1] * 2;
            double[] w = new double[rows * cols];
            for (int r = 0; r < rows; r++) {
                for (int b = 0; b < cols / 32; b++) {
                    double scale = scales[r * (cols / 32) + b];
                    for (int i = 0; i < 16; i++) {
                        int v = bytes[r * (cols / 2) + b * 16 + i] & 0xff;
                        w[r * cols + b * 32 + i] = ((v & 15) - 8) * scale;
                        w[r * cols + b * 32 + 16 + i] = ((v >> 4) - 8) * scale;
                    }
                }
            }
            tensors.put(name, w);
        });
    }

    boolean has(String name) {
        return tensors.containsKey(name);
    }

    double[] get(String name) {
        double[] t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no tensor " + name);
        }
        return t;
    }

    private void read(Path file) throws IOException {
        ByteBuffer all = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        int headerLength = (int) all.getLong(0);
        JsonNode header = JSON.readTree(new String(all.array(), 8, headerLength, java.nio.charset.StandardCharsets.UTF_8));
        int dataStart = 8 + headerLength;
        header.fields().forEachRemaining(e -> {
            if (e.getKey().equals("__metadata__")) {
                return;
            }
            String dtype = e.getValue().get("dtype").asText();
            long begin = e.getValue().get("data_offsets").get(0).asLong();
            long end = e.getValue().get("data_offsets").get(1).asLong();
            if (dtype.equals("U8")) {
                long[] shape = new long[e.getValue().get("shape").size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = e.getValue().get("shape").get(i).asLong();
                }
                shapes.put(e.getKey(), shape);
                byte[] b = new byte[(int) (end - begin)];
                System.arraycopy(all.array(), (int) (dataStart + begin), b, 0, b.length);
                packed.put(e.getKey(), b);
                return;
            }
            int width = dtype.equals("F32") ? 4 : 2;
            double[] values = new double[(int) ((end - begin) / width)];
            for (int i = 0; i < values.length; i++) {
                int at = (int) (dataStart + begin + (long) i * width);
                values[i] = switch (dtype) {
                    case "F32" -> all.getFloat(at);
                    case "BF16" -> Float.intBitsToFloat((all.getShort(at) & 0xffff) << 16);
                    case "F16" -> Float.float16ToFloat(all.getShort(at));
                    default -> throw new IllegalArgumentException("reference reads F32/BF16/F16/Q4 only, not " + dtype);
                };
            }
            tensors.put(e.getKey(), values);
        });
    }
}
