package dev.gemmastreams.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Finds a folder's safetensors files (one file, or several listed in {@code model.safetensors.index.json}),
 * validates every header against its file and checks that each Gemma 2 tensor is present with the right shape
 * and a supported dtype. Nothing is mapped yet; errors name the folder, file or tensor.
 */
public final class WeightFiles {
    public static final String SINGLE_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    static final Set<String> SUPPORTED_DTYPES = Set.of("F32", "BF16");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, SafetensorsHeader> headersByFile;
    private final Map<String, String> fileByTensor;

    private WeightFiles(Map<String, SafetensorsHeader> headersByFile, Map<String, String> fileByTensor) {
        this.headersByFile = headersByFile;
        this.fileByTensor = fileByTensor;
    }

    /** File names (relative to the folder), in a stable order. */
    public Set<String> files() {
        return headersByFile.keySet();
    }

    /** The file that holds a tensor. */
    public String fileOf(String tensor) {
        return fileByTensor.get(tensor);
    }

    public SafetensorsHeader.Entry entry(String tensor) {
        return headersByFile.get(fileByTensor.get(tensor)).tensors().get(tensor);
    }

    public static WeightFiles validate(Path folder, GemmaConfig config) {
        Map<String, String> fileByTensor = new LinkedHashMap<>();
        Map<String, SafetensorsHeader> headers = new TreeMap<>();
        Path index = folder.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            Map<String, String> weightMap = readIndex(index);
            for (String file : Set.copyOf(weightMap.values())) {
                headers.put(file, header(folder, file, index));
            }
            weightMap.forEach((tensor, file) -> {
                if (!headers.get(file).tensors().containsKey(tensor)) {
                    throw new ModelLoadException("Tensor '" + tensor + "' is listed in " + index + " under " + file
                            + " but that file does not contain it");
                }
                fileByTensor.put(tensor, file);
            });
        } else {
            String file = singleFile(folder);
            SafetensorsHeader h = header(folder, file, null);
            headers.put(file, h);
            h.tensors().keySet().forEach(t -> fileByTensor.put(t, file));
        }
        WeightFiles files = new WeightFiles(headers, fileByTensor);
        files.checkTensors(folder, config);
        return files;
    }

    private void checkTensors(Path folder, GemmaConfig config) {
        GemmaTensors.expected(config).forEach((name, shape) -> {
            String file = fileByTensor.get(name);
            if (file == null) {
                throw new ModelLoadException("Missing tensor '" + name + "' in the safetensors files of " + folder);
            }
            SafetensorsHeader.Entry e = entry(name);
            if (!SUPPORTED_DTYPES.contains(e.dtype())) {
                throw new ModelLoadException("Unsupported dtype " + e.dtype() + " of tensor '" + name + "' in "
                        + folder.resolve(file) + " (supported: F32, BF16)");
            }
            if (!Arrays.equals(e.shape(), shape)) {
                throw new ModelLoadException("Tensor '" + name + "' in " + folder.resolve(file) + " has shape "
                        + Arrays.toString(e.shape()) + " but config.json implies " + Arrays.toString(shape));
            }
        });
    }

    private static SafetensorsHeader header(Path folder, String file, Path listedIn) {
        Path path = folder.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new ModelLoadException("Missing safetensors file " + path
                    + (listedIn != null ? " (listed in " + listedIn + ")" : ""));
        }
        return SafetensorsHeader.read(path);
    }

    private static String singleFile(Path folder) {
        if (Files.isRegularFile(folder.resolve(SINGLE_FILE))) {
            return SINGLE_FILE;
        }
        try (Stream<Path> s = Files.list(folder)) {
            var candidates = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".safetensors")).toList();
            if (candidates.size() == 1) {
                return candidates.getFirst();
            }
            throw new ModelLoadException(candidates.isEmpty()
                    ? "No safetensors weights (" + SINGLE_FILE + " or " + INDEX_FILE + ") in model folder " + folder
                    : "Several safetensors files " + candidates + " but no " + INDEX_FILE + " in " + folder);
        } catch (IOException e) {
            throw new ModelLoadException("Cannot list model folder " + folder + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> readIndex(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Unreadable JSON in " + index + ": " + e.getMessage(), e);
        }
        JsonNode map = root == null ? null : root.get("weight_map");
        if (map == null || !map.isObject()) {
            throw new ModelLoadException("Missing key 'weight_map' in " + index);
        }
        Map<String, String> weightMap = new LinkedHashMap<>();
        map.fields().forEachRemaining(f -> weightMap.put(f.getKey(), f.getValue().asText()));
        return weightMap;
    }
}
