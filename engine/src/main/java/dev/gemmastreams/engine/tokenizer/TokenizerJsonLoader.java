package dev.gemmastreams.engine.tokenizer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.ByteFallbackStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.DecoderStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.FuseStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.ReplaceStep;
import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.Replacement;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Hugging Face tokenizer.json into a {@link TokenizerDefinition}. The model section (256k vocabulary,
 * 580k merges for Gemma 2) is streamed; the small sections are read as trees and checked against what we
 * implement, so an unfamiliar file fails loudly instead of tokenizing differently from Hugging Face.
 */
final class TokenizerJsonLoader {

    /**
     * Field names are not canonicalized: the vocabulary's 256k keys are each seen once, and interning them into
     * Jackson's symbol table (and String.intern) costs seconds for nothing.
     */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build());

    private TokenizerJsonLoader() {}

    static TokenizerDefinition load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("tokenizer file not found: " + file);
        }
        try (InputStream in = Files.newInputStream(file)) {
            return load(in, file.toString());
        }
    }

    static TokenizerDefinition load(InputStream in, String source) throws IOException {
        ModelSection model = null;
        JsonNode addedTokens = null;
        JsonNode normalizer = null;
        JsonNode preTokenizer = null;
        JsonNode postProcessor = null;
        JsonNode decoder = null;
        JsonFactory factory = MAPPER.getFactory();
        try (JsonParser parser = factory.createParser(in)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT, source);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "model" -> model = readModel(parser, source);
                    case "added_tokens" -> addedTokens = parser.readValueAsTree();
                    case "normalizer" -> normalizer = parser.readValueAsTree();
                    case "pre_tokenizer" -> preTokenizer = parser.readValueAsTree();
                    case "post_processor" -> postProcessor = parser.readValueAsTree();
                    case "decoder" -> decoder = parser.readValueAsTree();
                    case "truncation", "padding" -> {
                        JsonNode node = parser.readValueAsTree();
                        if (node != null && !node.isNull()) {
                            throw unsupported(source, field + " is configured (" + node + ")");
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        }
        if (model == null) {
            throw new IOException(source + ": no \"model\" section; is this a Hugging Face tokenizer.json?");
        }
        List<AddedToken> added = readAddedTokens(addedTokens, source);
        int[][] template = readSingleTemplate(postProcessor, source);
        return new TokenizerDefinition(model.vocab, model.merges, model.unkToken, model.fuseUnk, model.byteFallback,
                model.ignoreMerges, added, readNormalizer(normalizer, source), readPreTokenizer(preTokenizer, source),
                template[0], template[1], readDecoder(decoder, source));
    }

    private static final class ModelSection {
        Map<String, Integer> vocab;
        List<String[]> merges = List.of();
        String unkToken;
        boolean fuseUnk;
        boolean byteFallback;
        boolean ignoreMerges;
    }

    private static ModelSection readModel(JsonParser parser, String source) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, source);
        ModelSection model = new ModelSection();
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken value = parser.nextToken();
            switch (field) {
                case "type" -> {
                    if (!"BPE".equals(parser.getText())) {
                        throw unsupported(source, "model type " + parser.getText() + " (only BPE)");
                    }
                }
                case "vocab" -> model.vocab = readVocab(parser, source);
                case "merges" -> model.merges = readMerges(parser, source);
                case "unk_token" -> model.unkToken = value == JsonToken.VALUE_NULL ? null : parser.getText();
                case "fuse_unk" -> model.fuseUnk = parser.getValueAsBoolean();
                case "byte_fallback" -> model.byteFallback = parser.getValueAsBoolean();
                case "ignore_merges" -> model.ignoreMerges = parser.getValueAsBoolean();
                case "dropout", "continuing_subword_prefix", "end_of_word_suffix" -> {
                    if (value != JsonToken.VALUE_NULL) {
                        throw unsupported(source, "model." + field + " = " + parser.getText());
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (model.vocab == null) {
            throw new IOException(source + ": model has no vocab");
        }
        return model;
    }

    private static Map<String, Integer> readVocab(JsonParser parser, String source) throws IOException {
        expect(parser.currentToken(), JsonToken.START_OBJECT, source);
        Map<String, Integer> vocab = new HashMap<>(1 << 19);
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String token = parser.currentName();
            parser.nextToken();
            vocab.put(token, parser.getIntValue());
        }
        return vocab;
    }

    /** Merges come as "left right" strings (older files) or [left, right] arrays (newer ones). */
    private static List<String[]> readMerges(JsonParser parser, String source) throws IOException {
        expect(parser.currentToken(), JsonToken.START_ARRAY, source);
        List<String[]> merges = new ArrayList<>(1 << 20);
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_STRING) {
                String merge = parser.getText();
                int space = merge.indexOf(' ');
                if (space < 0) {
                    throw new IOException(source + ": merge without a space: '" + merge + "'");
                }
                merges.add(new String[] {merge.substring(0, space), merge.substring(space + 1)});
            } else if (token == JsonToken.START_ARRAY) {
                parser.nextToken();
                String left = parser.getText();
                parser.nextToken();
                String right = parser.getText();
                expect(parser.nextToken(), JsonToken.END_ARRAY, source);
                merges.add(new String[] {left, right});
            } else {
                throw new IOException(source + ": unexpected " + token + " in merges");
            }
        }
        return merges;
    }

    private static List<AddedToken> readAddedTokens(JsonNode node, String source) {
        List<AddedToken> tokens = new ArrayList<>();
        if (node == null || node.isNull()) {
            return tokens;
        }
        for (JsonNode t : node) {
            AddedToken token = new AddedToken(t.get("id").asInt(), t.get("content").asText(),
                    t.path("special").asBoolean(false), t.path("normalized").asBoolean(false),
                    t.path("lstrip").asBoolean(false), t.path("rstrip").asBoolean(false),
                    t.path("single_word").asBoolean(false));
            // Gemma 2 uses none of these; rather than guess their HF semantics, refuse files that need them.
            if (token.normalized() || token.lstrip() || token.rstrip() || token.singleWord()) {
                throw unsupported(source, "added token " + t + " (normalized/lstrip/rstrip/single_word)");
            }
            if (token.content().isEmpty()) {
                throw unsupported(source, "empty added token " + t);
            }
            tokens.add(token);
        }
        return tokens;
    }

    private static List<Replacement> readNormalizer(JsonNode node, String source) {
        List<Replacement> replacements = new ArrayList<>();
        if (node == null || node.isNull()) {
            return replacements;
        }
        List<JsonNode> steps = new ArrayList<>();
        if ("Sequence".equals(node.path("type").asText())) {
            node.path("normalizers").forEach(steps::add);
        } else {
            steps.add(node);
        }
        for (JsonNode step : steps) {
            if (!"Replace".equals(step.path("type").asText()) || !step.path("pattern").has("String")) {
                throw unsupported(source, "normalizer " + step + " (only Replace with a String pattern)");
            }
            replacements.add(new Replacement(stringPattern(step, source), step.path("content").asText()));
        }
        return replacements;
    }

    private static String readPreTokenizer(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return null;
        }
        boolean supported = "Split".equals(node.path("type").asText())
                && node.path("pattern").has("String")
                && "MergedWithPrevious".equals(node.path("behavior").asText())
                && !node.path("invert").asBoolean(false);
        if (!supported) {
            throw unsupported(source, "pre_tokenizer " + node + " (only Split on a String, MergedWithPrevious)");
        }
        return stringPattern(node, source);
    }

    /** Returns {prefix ids, suffix ids} around sequence A of the TemplateProcessing "single" template. */
    private static int[][] readSingleTemplate(JsonNode node, String source) {
        if (node == null || node.isNull()) {
            return new int[][] {new int[0], new int[0]};
        }
        if (!"TemplateProcessing".equals(node.path("type").asText())) {
            throw unsupported(source, "post_processor " + node.path("type").asText() + " (only TemplateProcessing)");
        }
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        boolean seenSequence = false;
        for (JsonNode piece : node.path("single")) {
            if (piece.has("Sequence")) {
                seenSequence = true;
            } else if (piece.has("SpecialToken")) {
                String name = piece.path("SpecialToken").path("id").asText();
                JsonNode ids = node.path("special_tokens").path(name).path("ids");
                if (!ids.isArray() || ids.isEmpty()) {
                    throw unsupported(source, "post_processor special token " + name + " without ids");
                }
                for (JsonNode id : ids) {
                    (seenSequence ? suffix : prefix).add(id.asInt());
                }
            } else {
                throw unsupported(source, "post_processor template piece " + piece);
            }
        }
        return new int[][] {
            prefix.stream().mapToInt(Integer::intValue).toArray(), suffix.stream().mapToInt(Integer::intValue).toArray()
        };
    }

    private static List<DecoderStep> readDecoder(JsonNode node, String source) {
        List<DecoderStep> steps = new ArrayList<>();
        if (node == null || node.isNull()) {
            return steps;
        }
        List<JsonNode> nodes = new ArrayList<>();
        if ("Sequence".equals(node.path("type").asText())) {
            node.path("decoders").forEach(nodes::add);
        } else {
            nodes.add(node);
        }
        for (JsonNode step : nodes) {
            switch (step.path("type").asText()) {
                case "Replace" -> {
                    if (!step.path("pattern").has("String")) {
                        throw unsupported(source, "decoder " + step + " (only String patterns)");
                    }
                    steps.add(new ReplaceStep(stringPattern(step, source), step.path("content").asText()));
                }
                case "ByteFallback" -> steps.add(new ByteFallbackStep());
                case "Fuse" -> steps.add(new FuseStep());
                default -> throw unsupported(source, "decoder " + step + " (only Replace, ByteFallback, Fuse)");
            }
        }
        return steps;
    }

    private static String stringPattern(JsonNode node, String source) {
        String pattern = node.path("pattern").path("String").asText();
        if (pattern.isEmpty()) {
            throw unsupported(source, "empty pattern in " + node);
        }
        return pattern;
    }

    private static void expect(JsonToken actual, JsonToken expected, String source) throws IOException {
        if (actual != expected) {
            throw new IOException(source + ": expected " + expected + " but found " + actual);
        }
    }

    private static IllegalArgumentException unsupported(String source, String what) {
        return new IllegalArgumentException(source + ": unsupported tokenizer.json feature: " + what
                + ". This tokenizer implements Gemma-style BPE (byte fallback, literal normalizer, no regex).");
    }
}
