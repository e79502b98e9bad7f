package dev.gemmastreams.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Bytes of weights a decode step reads, counted exactly from the safetensors headers: every tensor of the decoder
 * layers (projections and norms, with their Q4 scales), the output projection — the tied embedding read whole,
 * or a Q4 folder's separate {@code lm_head.weight} (then the embedding is only looked up, one row per token,
 * negligible) — and the final norm.
 */
record WeightBytes(long layers, long embedding, long lmHead, long other, String dtypes) {

    /** A separate output projection (a Q4 folder's lm_head.weight and its scales) replaces the tied embedding. */
    long outputProjection() {
        return lmHead > 0 ? lmHead : embedding;
    }

    long perToken() {
        return layers + outputProjection() + other;
    }

    static WeightBytes of(Path folder) {
        long layers = 0;
        long embedding = 0;
        long other = 0;
        long lmHead = 0;
        java.util.TreeSet<String> dtypes = new java.util.TreeSet<>();
        ObjectMapper json = new ObjectMapper();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".safetensors")).sorted().toList()) {
                try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
                    ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
                    ch.read(len, 0);
                    int headerLength = Math.toIntExact(len.flip().getLong());
                    ByteBuffer header = ByteBuffer.allocate(headerLength);
                    ch.read(header, 8);
                    JsonNode root = json.readTree(header.array());
                    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
                        Map.Entry<String, JsonNode> e = it.next();
                        if (e.getKey().equals("__metadata__")) {
                            continue;
                        }
                        JsonNode offsets = e.getValue().get("data_offsets");
                        long bytes = offsets.get(1).asLong() - offsets.get(0).asLong();
                        dtypes.add(e.getValue().get("dtype").asText());
                        if (e.getKey().startsWith("model.layers.")) {
                            layers += bytes;
                        } else if (e.getKey().equals("model.embed_tokens.weight")) {
                            embedding += bytes; // as the output projection, unless lm_head.weight exists
                        } else if (e.getKey().startsWith("lm_head.weight")) {
                            lmHead += bytes; // a Q4 folder's output projection and its scales
                        } else {
                            other += bytes;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the safetensors headers in " + folder, e);
        }
        return new WeightBytes(layers, embedding, lmHead, other, String.join("/", dtypes));
    }
}
