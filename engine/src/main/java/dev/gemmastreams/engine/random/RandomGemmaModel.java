package dev.gemmastreams.engine.random;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.model.GemmaTensors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a random-weight Gemma 2 folder (config.json with the real keys, safetensors written by us) from a seed:
 * the same shape, options and seed give the same bytes. Embeddings are tied, so there is no lm_head. The tokenizer
 * is not written here (the tokenizer provisioner adds it), so the vocabulary size is the caller's to choose.
 *
 * <p>Weights are normal(0, weightStd); norm weights are normal(0, normStd), i.e. near 0, since Gemma's RMSNorm
 * multiplies by (1 + w).
 */
public final class RandomGemmaModel {

    /**
     * @param seed          any long; each tensor's values derive from it and the tensor's name
     * @param dtype         F32 or BF16
     * @param weightStd     standard deviation of embedding and projection weights (0.02 keeps activations sane)
     * @param normStd       standard deviation of the norms' weights
     * @param maxShardBytes above this many bytes of data the weights are split over several files plus an index
     */
    public record Options(long seed, WeightDType dtype, double weightStd, double normStd, long maxShardBytes) {
        public static Options defaults(GemmaConfig shape) {
            WeightDType dtype = shape.torchDtype().equals("bfloat16") ? WeightDType.BF16 : WeightDType.F32;
            return new Options(42, dtype, 0.02, 0.05, 2L << 30);
        }

        public Options withSeed(long s) {
            return new Options(s, dtype, weightStd, normStd, maxShardBytes);
        }

        public Options withDType(WeightDType d) {
            return new Options(seed, d, weightStd, normStd, maxShardBytes);
        }

        public Options withWeightStd(double std) {
            return new Options(seed, dtype, std, normStd, maxShardBytes);
        }

        public Options withNormStd(double std) {
            return new Options(seed, dtype, weightStd, std, maxShardBytes);
        }

        public Options withMaxShardBytes(long bytes) {
            return new Options(seed, dtype, weightStd, normStd, bytes);
        }
    }

    private RandomGemmaModel() {}

    /** Writes config.json and the weights into {@code folder} (created if needed) and returns it. */
    public static Path write(Path folder, GemmaConfig shape, Options options) {
        GemmaConfig config = shape.withTorchDtype(options.dtype().torchName());
        try {
            Files.createDirectories(folder);
            Files.writeString(folder.resolve(GemmaConfig.FILE_NAME), config.toJsonString(), StandardCharsets.UTF_8);
            List<List<SafetensorsWriter.Tensor>> shards = shard(tensors(config, options), options);
            if (shards.size() == 1) {
                SafetensorsWriter.write(folder.resolve("model.safetensors"), shards.getFirst(), options.dtype());
            } else {
                writeSharded(folder, shards, options.dtype());
            }
            return folder;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write random model to " + folder, e);
        }
    }

    private static List<SafetensorsWriter.Tensor> tensors(GemmaConfig config, Options options) {
        List<SafetensorsWriter.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, long[]> e : GemmaTensors.expected(config).entrySet()) {
            boolean norm = e.getValue().length == 1;
            double std = norm ? options.normStd() : options.weightStd();
            SplittableRandom random = new SplittableRandom(options.seed() * 0x9E3779B97F4A7C15L + e.getKey().hashCode());
            tensors.add(new SafetensorsWriter.Tensor(e.getKey(), e.getValue(), (out, n) -> {
                for (int i = 0; i < n; i++) {
                    out[i] = (float) (random.nextGaussian() * std);
                }
            }));
        }
        return tensors;
    }

    private static List<List<SafetensorsWriter.Tensor>> shard(List<SafetensorsWriter.Tensor> tensors, Options o) {
        List<List<SafetensorsWriter.Tensor>> shards = new ArrayList<>();
        List<SafetensorsWriter.Tensor> current = new ArrayList<>();
        long bytes = 0;
        for (SafetensorsWriter.Tensor t : tensors) {
            long size = t.elements() * o.dtype().bytes();
            if (!current.isEmpty() && bytes + size > o.maxShardBytes()) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(t);
            bytes += size;
        }
        shards.add(current);
        return shards;
    }

    private static void writeSharded(Path folder, List<List<SafetensorsWriter.Tensor>> shards, WeightDType dtype)
            throws IOException {
        ObjectMapper json = new ObjectMapper();
        ObjectNode index = json.createObjectNode();
        ObjectNode weightMap = json.createObjectNode();
        long total = 0;
        for (int i = 0; i < shards.size(); i++) {
            String name = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
            SafetensorsWriter.write(folder.resolve(name), shards.get(i), dtype);
            total += SafetensorsWriter.bytes(shards.get(i), dtype);
            shards.get(i).forEach(t -> weightMap.put(t.name(), name));
        }
        index.putObject("metadata").put("total_size", total);
        index.set("weight_map", weightMap);
        Files.writeString(folder.resolve("model.safetensors.index.json"),
                json.writerWithDefaultPrettyPrinter().writeValueAsString(index), StandardCharsets.UTF_8);
    }
}
