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
import dev.gemmastreams.engine.quantize.Q4Format;

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
    private final boolean q4;

    private WeightFiles(Map<String, SafetensorsHeader> headersByFile, Map<String, String> fileByTensor, boolean q4) {
        this.headersByFile = headersByFile;
        this.fileByTensor = fileByTensor;
        this.q4 = q4;
    }

    /** True for a folder in our Q4 format (config.json's quantization_config; see {@link Q4Format}). */
    public boolean q4() {
        return q4;
    }

    public SafetensorsHeader header(String file) {
        return headersByFile.get(file);
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

    /** Validates an F32/BF16 folder, or a Q4 one when its config.json says so. */
    public static WeightFiles validate(Path folder, GemmaConfig config) {
        return validate(folder, config, declaresQ4(folder));
    }

    /** Whether the folder's config.json declares our Q4 format (an error for any other quantization). */
    public static boolean declaresQ4(Path folder) {
        Path file = folder.resolve(GemmaConfig.FILE_NAME);
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Unreadable JSON in " + file + ": " + e.getMessage(), e);
        }
        Boolean q4 = Q4Format.declared(root);
        if (q4 == null) {
            throw new ModelLoadException("Unsupported " + Q4Format.CONFIG_KEY + " " + root.get(Q4Format.CONFIG_KEY)
                    + " in " + file + ": only quant_method '" + Q4Format.QUANT_METHOD + "' (4 bits, group_size "
                    + Q4Format.BLOCK + ", written by `gemma-streams model quantize`) is supported");
        }
        return q4;
    }

    public static WeightFiles validate(Path folder, GemmaConfig config, boolean q4) {
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
        WeightFiles files = new WeightFiles(headers, fileByTensor, q4);
        files.checkTensors(folder, config);
        return files;
    }

    private void checkTensors(Path folder, GemmaConfig config) {
        GemmaTensors.expected(config).forEach((name, shape) -> {
            if (q4 && shape.length == 2 && !name.equals(GemmaTensors.EMBED)) {
                checkQ4(folder, name, shape);
            } else {
                checkDense(folder, name, shape);
            }
        });
        if (q4) {
            checkQ4(folder, Q4Format.OUTPUT_PROJECTION, new long[] {config.vocabSize(), config.hiddenSize()});
        }
    }

    private SafetensorsHeader.Entry present(Path folder, String name, String what) {
        String file = fileByTensor.get(name);
        if (file == null) {
            throw new ModelLoadException("Missing " + what + "tensor '" + name + "' in the safetensors files of "
                    + folder);
        }
        return entry(name);
    }

    private void checkDense(Path folder, String name, long[] shape) {
        SafetensorsHeader.Entry e = present(folder, name, "");
        String file = fileByTensor.get(name);
        if (!SUPPORTED_DTYPES.contains(e.dtype())) {
            throw new ModelLoadException("Unsupported dtype " + e.dtype() + " of tensor '" + name + "' in "
                    + folder.resolve(file) + " (supported: F32, BF16" + (q4 ? " for norms and the embedding"
                    : e.dtype().equals(Q4Format.PACKED_DTYPE) ? "; Q4 folders declare " + Q4Format.CONFIG_KEY
                            + " in config.json" : "") + ")");
        }
        if (!Arrays.equals(e.shape(), shape)) {
            throw new ModelLoadException("Tensor '" + name + "' in " + folder.resolve(file) + " has shape "
                    + Arrays.toString(e.shape()) + " but config.json implies " + Arrays.toString(shape));
        }
    }

    /** A Q4 weight of logical shape [out, in]: U8 [out, in/2] and F16 scales [out, in/32]. */
    private void checkQ4(Path folder, String name, long[] shape) {
        if (shape[1] % Q4Format.BLOCK != 0) {
            throw new ModelLoadException("Tensor '" + name + "' of " + folder + " has " + shape[1]
                    + " inputs, not a multiple of the Q4 block of " + Q4Format.BLOCK);
        }
        long[] packedShape = {shape[0], shape[1] / 2};
        long[] scaleShape = {shape[0], shape[1] / Q4Format.BLOCK};
        SafetensorsHeader.Entry e = present(folder, name, "Q4 ");
        if (!e.dtype().equals(Q4Format.PACKED_DTYPE) || !Arrays.equals(e.shape(), packedShape)) {
            throw new ModelLoadException("Q4 tensor '" + name + "' in " + folder.resolve(fileByTensor.get(name))
                    + " is " + e.dtype() + " " + Arrays.toString(e.shape()) + " but a Q4 weight of shape "
                    + Arrays.toString(shape) + " must be " + Q4Format.PACKED_DTYPE + " " + Arrays.toString(packedShape)
                    + " (two 4-bit values per byte)");
        }
        String scalesName = Q4Format.scalesOf(name);
        SafetensorsHeader.Entry s = present(folder, scalesName, "Q4 scales ");
        if (!s.dtype().equals(Q4Format.SCALE_DTYPE) || !Arrays.equals(s.shape(), scaleShape)) {
            throw new ModelLoadException("Q4 scales tensor '" + scalesName + "' in "
                    + folder.resolve(fileByTensor.get(scalesName)) + " is " + s.dtype() + " "
                    + Arrays.toString(s.shape()) + " but must be " + Q4Format.SCALE_DTYPE + " "
                    + Arrays.toString(scaleShape) + " (one scale per block of " + Q4Format.BLOCK + " inputs)");
        }
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
