package dev.gemmastreams.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Gemma 2 hyper-parameters of a Hugging Face {@code config.json}, with the same key names.
 *
 * <p>Soft-capping values are {@code null} when the config disables them (Hugging Face allows {@code null}).
 */
public record GemmaConfig(
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numHiddenLayers,
        int numAttentionHeads,
        int numKeyValueHeads,
        int headDim,
        int maxPositionEmbeddings,
        double rmsNormEps,
        double ropeTheta,
        Double attnLogitSoftcapping,
        Double finalLogitSoftcapping,
        double queryPreAttnScalar,
        int slidingWindow,
        String hiddenActivation,
        int bosTokenId,
        List<Integer> eosTokenIds,
        int padTokenId,
        String torchDtype) {

    public static final String ARCHITECTURE = "Gemma2ForCausalLM";
    public static final String FILE_NAME = "config.json";
    /** The activation Gemma 2 ships with: GELU, tanh approximation. */
    public static final String GELU_TANH = "gelu_pytorch_tanh";

    private static final ObjectMapper JSON = new ObjectMapper();

    public GemmaConfig {
        eosTokenIds = List.copyOf(eosTokenIds);
        if (vocabSize <= 0 || hiddenSize <= 0 || intermediateSize <= 0 || numHiddenLayers <= 0 || headDim <= 0
                || numAttentionHeads <= 0 || numKeyValueHeads <= 0 || headDim % 2 != 0) {
            throw new IllegalArgumentException("sizes must be positive and head_dim even (vocab_size " + vocabSize
                    + ", hidden_size " + hiddenSize + ", intermediate_size " + intermediateSize + ", num_hidden_layers "
                    + numHiddenLayers + ", heads " + numAttentionHeads + "/" + numKeyValueHeads + ", head_dim "
                    + headDim + ")");
        }
        if (numAttentionHeads % numKeyValueHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads " + numAttentionHeads
                    + " is not a multiple of num_key_value_heads " + numKeyValueHeads);
        }
    }

    /** Query heads that share one key/value head (grouped-query attention). */
    public int queriesPerKeyValueHead() {
        return numAttentionHeads / numKeyValueHeads;
    }

    /** Hugging Face Gemma 2: layer i uses the local sliding window when i is even, global attention when odd. */
    public boolean isSlidingLayer(int layer) {
        return layer % 2 == 0;
    }

    /** Reads {@code folder/config.json}; every error names the file and, where it applies, the key. */
    public static GemmaConfig read(Path folder) {
        Path file = folder.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException("Missing " + FILE_NAME + " in model folder " + folder);
        }
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelLoadException("Unreadable JSON in " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelLoadException("Not a JSON object: " + file);
        }
        return fromJson(root, file);
    }

    static GemmaConfig fromJson(JsonNode root, Path file) {
        Keys keys = new Keys(root, file);
        JsonNode architectures = root.get("architectures");
        List<String> names = new ArrayList<>();
        if (architectures != null && architectures.isArray()) {
            architectures.forEach(n -> names.add(n.asText()));
        }
        if (!names.contains(ARCHITECTURE)) {
            throw new ModelLoadException("Unsupported architecture " + names + " in " + file + " (key 'architectures'"
                    + ", model_type " + root.path("model_type").asText("?") + "): only " + ARCHITECTURE + " is supported");
        }
        String activation = root.hasNonNull("hidden_activation") ? root.get("hidden_activation").asText()
                : root.hasNonNull("hidden_act") ? root.get("hidden_act").asText() : null;
        if (activation == null) {
            throw new ModelLoadException("Missing config key 'hidden_activation' (or 'hidden_act') in " + file);
        }
        if (!activation.equals(GELU_TANH) && !activation.equals("gelu_tanh")) {
            throw new ModelLoadException("Unsupported activation '" + activation + "' (key 'hidden_activation') in "
                    + file + ": Gemma 2 uses " + GELU_TANH);
        }
        try {
            return fromKeys(keys, root);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException("Inconsistent " + file + ": " + e.getMessage(), e);
        }
    }

    private static GemmaConfig fromKeys(Keys keys, JsonNode root) {
        return new GemmaConfig(
                keys.integer("vocab_size"),
                keys.integer("hidden_size"),
                keys.integer("intermediate_size"),
                keys.integer("num_hidden_layers"),
                keys.integer("num_attention_heads"),
                keys.integer("num_key_value_heads"),
                keys.integer("head_dim"),
                keys.integer("max_position_embeddings"),
                keys.number("rms_norm_eps"),
                keys.number("rope_theta"),
                keys.nullableNumber("attn_logit_softcapping"),
                keys.nullableNumber("final_logit_softcapping"),
                keys.number("query_pre_attn_scalar"),
                keys.integer("sliding_window"),
                GELU_TANH,
                keys.integer("bos_token_id"),
                keys.integerOrList("eos_token_id"),
                root.path("pad_token_id").asInt(0),
                root.path("torch_dtype").asText("float32"));
    }

    /** The config as Hugging Face writes it (both activation keys, so older readers such as Jlama's work too). */
    public ObjectNode toJson() {
        ObjectNode o = JSON.createObjectNode();
        o.putArray("architectures").add(ARCHITECTURE);
        o.put("model_type", "gemma2");
        o.put("vocab_size", vocabSize);
        o.put("hidden_size", hiddenSize);
        o.put("intermediate_size", intermediateSize);
        o.put("num_hidden_layers", numHiddenLayers);
        o.put("num_attention_heads", numAttentionHeads);
        o.put("num_key_value_heads", numKeyValueHeads);
        o.put("head_dim", headDim);
        o.put("max_position_embeddings", maxPositionEmbeddings);
        o.put("rms_norm_eps", rmsNormEps);
        o.put("rope_theta", ropeTheta);
        putNullable(o, "attn_logit_softcapping", attnLogitSoftcapping);
        putNullable(o, "final_logit_softcapping", finalLogitSoftcapping);
        o.put("query_pre_attn_scalar", queryPreAttnScalar);
        o.put("sliding_window", slidingWindow);
        o.put("cache_implementation", "hybrid");
        o.put("hidden_activation", hiddenActivation);
        o.put("hidden_act", hiddenActivation);
        o.put("attention_bias", false);
        o.put("attention_dropout", 0.0);
        o.put("initializer_range", 0.02);
        o.put("tie_word_embeddings", true);
        o.put("use_cache", true);
        o.put("bos_token_id", bosTokenId);
        if (eosTokenIds.size() == 1) {
            o.put("eos_token_id", eosTokenIds.getFirst());
        } else {
            ArrayNode eos = o.putArray("eos_token_id");
            eosTokenIds.forEach(eos::add);
        }
        o.put("pad_token_id", padTokenId);
        o.put("torch_dtype", torchDtype);
        o.put("transformers_version", "4.42.4");
        return o;
    }

    public String toJsonString() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public GemmaConfig withVocabSize(int vocab) {
        return new GemmaConfig(vocab, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta, attnLogitSoftcapping,
                finalLogitSoftcapping, queryPreAttnScalar, slidingWindow, hiddenActivation, bosTokenId, eosTokenIds,
                padTokenId, torchDtype);
    }

    public GemmaConfig withTorchDtype(String dtype) {
        return new GemmaConfig(vocabSize, hiddenSize, intermediateSize, numHiddenLayers, numAttentionHeads,
                numKeyValueHeads, headDim, maxPositionEmbeddings, rmsNormEps, ropeTheta, attnLogitSoftcapping,
                finalLogitSoftcapping, queryPreAttnScalar, slidingWindow, hiddenActivation, bosTokenId, eosTokenIds,
                padTokenId, dtype);
    }

    private static void putNullable(ObjectNode o, String key, Double value) {
        if (value == null) {
            o.putNull(key);
        } else {
            o.put(key, value);
        }
    }

    /** Reads required keys, failing with the key and file named. */
    private record Keys(JsonNode root, Path file) {
        JsonNode required(String key) {
            if (!root.has(key)) {
                throw new ModelLoadException("Missing config key '" + key + "' in " + file);
            }
            return root.get(key);
        }

        int integer(String key) {
            JsonNode n = required(key);
            if (!n.canConvertToInt() || !n.isIntegralNumber()) {
                throw new ModelLoadException("Config key '" + key + "' in " + file + " must be an integer, was " + n);
            }
            return n.intValue();
        }

        double number(String key) {
            JsonNode n = required(key);
            if (!n.isNumber()) {
                throw new ModelLoadException("Config key '" + key + "' in " + file + " must be a number, was " + n);
            }
            return n.doubleValue();
        }

        Double nullableNumber(String key) {
            JsonNode n = required(key);
            return n.isNull() ? null : number(key);
        }

        List<Integer> integerOrList(String key) {
            JsonNode n = required(key);
            List<Integer> ids = new ArrayList<>();
            if (n.isArray()) {
                n.forEach(x -> ids.add(x.intValue()));
            } else {
                ids.add(integer(key));
            }
            if (ids.isEmpty()) {
                throw new ModelLoadException("Config key '" + key + "' in " + file + " is an empty list");
            }
            return ids;
        }
    }
}
