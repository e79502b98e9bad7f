package dev.gemmastreams.engine.tokenizer;

import dev.gemmastreams.engine.tokenizer.TokenizerDefinition.Replacement;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Gemma 2's tokenizer in pure Java, reading the Hugging Face {@code tokenizer.json} and producing the same ids as
 * Hugging Face tokenizers. The pipeline mirrors tokenizer.json's sections:
 * <ol>
 *   <li>added tokens are cut out of the raw text first ({@link AddedTokenMatcher});</li>
 *   <li>the rest is normalized (Gemma 2: every " " becomes "▁") and pre-tokenized (Gemma 2: a Split on " " that,
 *       after that normalizer, never splits; so a whole paragraph is one word);</li>
 *   <li>each word goes through BPE with byte fallback ({@link BpeMerger});</li>
 *   <li>{@link #encodeWithSpecialTokens} adds what the post-processor adds (Gemma 2: {@code <bos>} in front).</li>
 * </ol>
 * Immutable and thread-safe once loaded.
 */
public final class GemmaTokenizer {

    private final Vocabulary vocabulary;
    private final AddedTokenMatcher addedTokenMatcher;
    private final BpeMerger merger;
    private final TokenDecoder decoder;
    private final List<Replacement> normalizerReplacements;
    private final String splitDelimiter;
    private final int[] singlePrefix;
    private final int[] singleSuffix;
    private final String[] tokensById;
    private final boolean[] specialById;
    private final Map<String, Integer> addedIdsByContent = new HashMap<>();

    private GemmaTokenizer(TokenizerDefinition definition) {
        vocabulary = new Vocabulary(definition.vocab());
        ByteFallback byteFallback = definition.byteFallback() ? new ByteFallback(vocabulary) : null;
        int unkId = definition.unkToken() == null ? Vocabulary.ABSENT : vocabulary.idOf(definition.unkToken());
        merger = new BpeMerger(vocabulary, new MergeTable(definition.merges(), definition.vocab()), byteFallback,
                unkId, definition.fuseUnk(), definition.ignoreMerges());
        addedTokenMatcher = new AddedTokenMatcher(definition.addedTokens());
        decoder = new TokenDecoder(definition.decoderSteps());
        normalizerReplacements = List.copyOf(definition.normalizerReplacements());
        splitDelimiter = definition.splitDelimiter();
        singlePrefix = definition.singleTemplatePrefix().clone();
        singleSuffix = definition.singleTemplateSuffix().clone();

        int size = 0;
        for (int id : definition.vocab().values()) {
            size = Math.max(size, id + 1);
        }
        for (AddedToken token : definition.addedTokens()) {
            size = Math.max(size, token.id() + 1);
        }
        tokensById = new String[size];
        specialById = new boolean[size];
        definition.vocab().forEach((token, id) -> tokensById[id] = token);
        for (AddedToken token : definition.addedTokens()) {
            tokensById[token.id()] = token.content(); // HF decodes added tokens by their content first
            specialById[token.id()] = token.special();
            addedIdsByContent.put(token.content(), token.id());
        }
    }

    /** Loads a Hugging Face tokenizer.json (Gemma 2's, or one of the same kind). */
    public static GemmaTokenizer load(Path tokenizerJson) throws IOException {
        return new GemmaTokenizer(TokenizerJsonLoader.load(tokenizerJson));
    }

    /** Token ids of the text alone, no {@code <bos>}: Hugging Face's {@code encode(text, add_special_tokens=False)}. */
    public int[] encode(String text) {
        String input = replaceLoneSurrogates(text);
        IntArrayBuilder ids = new IntArrayBuilder(input.length() / 3 + 16);
        addedTokenMatcher.split(input, new AddedTokenMatcher.Consumer() {
            @Override
            public void text(int start, int end) {
                encodePlainText(input.substring(start, end), ids);
            }

            @Override
            public void addedToken(int id) {
                ids.add(id);
            }
        });
        return ids.toArray();
    }

    /**
     * Token ids as the model expects a prompt: the post-processor's template around the text, which for Gemma 2 is
     * {@code <bos>} followed by the text (Hugging Face's default {@code add_special_tokens=True}).
     */
    public int[] encodeWithSpecialTokens(String text) {
        int[] body = encode(text);
        int[] ids = new int[singlePrefix.length + body.length + singleSuffix.length];
        System.arraycopy(singlePrefix, 0, ids, 0, singlePrefix.length);
        System.arraycopy(body, 0, ids, singlePrefix.length, body.length);
        System.arraycopy(singleSuffix, 0, ids, singlePrefix.length + body.length, singleSuffix.length);
        return ids;
    }

    /**
     * Token ids of untrusted text, no {@code <bos>}: text that spells a special token ({@code <end_of_turn>},
     * {@code <bos>}...) is tokenized as its characters, never as the token (Hugging Face's
     * {@code split_special_tokens=True}); non-special added tokens (newline runs, HTML tags) are matched as usual.
     */
    public int[] encodeContent(String text) {
        return encodeParts(Prompt.content(text));
    }

    /**
     * Token ids of a prompt as the model expects it ({@code <bos>} first, as {@link #encodeWithSpecialTokens}):
     * special tokens are recognized in its template parts only, its content is plain text. Adjacent parts are
     * tokenized as one text, so a prompt whose content spells no special token gets exactly
     * {@code encodeWithSpecialTokens(prompt.text())}.
     */
    public int[] encodePrompt(Prompt prompt) {
        int[] body = encodeParts(prompt);
        int[] ids = new int[singlePrefix.length + body.length + singleSuffix.length];
        System.arraycopy(singlePrefix, 0, ids, 0, singlePrefix.length);
        System.arraycopy(body, 0, ids, singlePrefix.length, body.length);
        System.arraycopy(singleSuffix, 0, ids, singlePrefix.length + body.length, singleSuffix.length);
        return ids;
    }

    /** Text of the ids, special tokens included (so {@code decode(encode(x)).equals(x)}). */
    public String decode(int[] ids) {
        return decode(ids, false);
    }

    /** Text of the ids; with {@code skipSpecialTokens} the special added tokens ({@code <bos>}, ...) are left out. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            checkId(id);
            if (!(skipSpecialTokens && specialById[id])) {
                tokens.add(tokensById[id]);
            }
        }
        return decoder.decode(tokens);
    }

    /** Id of a token given by its exact string (vocabulary or added token), e.g. {@code "<end_of_turn>"}. */
    public int idOf(String token) {
        Integer added = addedIdsByContent.get(token);
        if (added != null) {
            return added;
        }
        int id = vocabulary.idOf(token);
        if (id == Vocabulary.ABSENT) {
            throw new IllegalArgumentException("no token '" + token + "' in the vocabulary");
        }
        return id;
    }

    /** The token's string as stored in the vocabulary (with "▁" for spaces, {@code <0xXX>} for bytes). */
    public String tokenOf(int id) {
        checkId(id);
        return tokensById[id];
    }

    /** Whether the id is a special added token (Gemma 2: pad, eos, bos, unk, start/end of turn). */
    public boolean isSpecial(int id) {
        checkId(id);
        return specialById[id];
    }

    /** Number of ids, i.e. the size of the model's embedding table (256,000 for Gemma 2). */
    public int vocabularySize() {
        return tokensById.length;
    }

    public int padId() {
        return idOf("<pad>");
    }

    public int bosId() {
        return idOf("<bos>");
    }

    public int eosId() {
        return idOf("<eos>");
    }

    public int startOfTurnId() {
        return idOf("<start_of_turn>");
    }

    /** Gemma's chat turns end with this (107), not with {@code <eos>}: generation must stop on it. */
    public int endOfTurnId() {
        return idOf("<end_of_turn>");
    }

    private int[] encodeParts(Prompt prompt) {
        PartRuns runs = PartRuns.of(prompt);
        String input = replaceLoneSurrogates(runs.text()); // keeps the length: offsets stay valid
        IntArrayBuilder ids = new IntArrayBuilder(input.length() / 3 + 16);
        addedTokenMatcher.split(input, new AddedTokenMatcher.Consumer() {
            @Override
            public void text(int start, int end) {
                encodePlainText(input.substring(start, end), ids);
            }

            @Override
            public void addedToken(int id) {
                ids.add(id);
            }
        }, (id, start, end) -> !specialById[id] || runs.withinTemplate(start, end), runs::resumeAfterRefused);
        return ids.toArray();
    }

    private void encodePlainText(String text, IntArrayBuilder ids) {
        String normalized = text;
        for (Replacement replacement : normalizerReplacements) {
            normalized = normalized.replace(replacement.pattern(), replacement.content());
        }
        if (splitDelimiter == null) {
            merger.encodeWord(normalized, ids);
            return;
        }
        // Split with behaviour MergedWithPrevious: each delimiter stays at the end of the piece before it.
        int start = 0;
        int found;
        while ((found = normalized.indexOf(splitDelimiter, start)) >= 0) {
            int end = found + splitDelimiter.length();
            merger.encodeWord(normalized.substring(start, end), ids);
            start = end;
        }
        merger.encodeWord(normalized.substring(start), ids);
    }

    /**
     * Java strings may hold unpaired surrogates, which have no UTF-8 form (Rust strings, hence Hugging Face, cannot
     * hold them at all); they become U+FFFD, what a UTF-8 encoder substitutes too.
     */
    private static String replaceLoneSurrogates(String text) {
        StringBuilder fixed = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (fixed != null) {
                    fixed.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                if (fixed == null) {
                    fixed = new StringBuilder(text.length()).append(text, 0, i);
                }
                fixed.append('\uFFFD');
            } else if (fixed != null) {
                fixed.append(c);
            }
        }
        return fixed == null ? text : fixed.toString();
    }

    private void checkId(int id) {
        if (id < 0 || id >= tokensById.length || tokensById[id] == null) {
            throw new IllegalArgumentException("token id " + id + " is outside the vocabulary (size "
                    + tokensById.length + ")");
        }
    }
}
