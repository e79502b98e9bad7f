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
 * and returns tensors as doubles. F32 and BF16 only; single file or index.
 */
final class ReferenceSafetensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, double[]> tensors = new HashMap<>();

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
            int width = dtype.equals("F32") ? 4 : 2;
            double[] values = new double[(int) ((end - begin) / width)];
            for (int i = 0; i < values.length; i++) {
                int at = (int) (dataStart + begin + (long) i * width);
                values[i] = switch (dtype) {
                    case "F32" -> all.getFloat(at);
                    case "BF16" -> Float.intBitsToFloat((all.getShort(at) & 0xffff) << 16);
                    default -> throw new IllegalArgumentException("reference reads F32/BF16 only, not " + dtype);
                };
            }
            tensors.put(e.getKey(), values);
        });
    }
}
