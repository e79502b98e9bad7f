package dev.gemmastreams.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tokenizer's rules on a tiny hand-made tokenizer.json, so they are checked on every machine (the parity test
 * against Hugging Face needs the real file). Ids: 0-3 specials, 4-259 the byte tokens, then the letters below.
 */
class BpeTokenizerSemanticsTest {

    private static final int BYTE_BASE = 4;
    private static final int SPACE_MARK = 260; // "▁"
    private static final int A = 261;
    private static final int B = 262;
    private static final int C = 263;
    private static final int AB = 264;
    private static final int BC = 265;
    private static final int ABC = 266;
    private static final int AA = 267;
    private static final int SPACE_MARK_A = 268;
    private static final int TAG = 269;      // added "<t>"
    private static final int TAG_X = 270;    // added "<t>x"
    private static final int TURN = 271;     // added special "<turn>"

    @TempDir
    Path dir;

    @Test
    void mergesApplyInRankOrder() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode("abc")).containsExactly(ABC); // a b -> ab, then ab c -> abc
        assertThat(tokenizer.encode("bc")).containsExactly(BC);
        assertThat(tokenizer.encode("cab")).containsExactly(C, AB);
    }

    @Test
    void equalRanksMergeLeftmostFirst() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode("aaa")).containsExactly(AA, A);
        assertThat(tokenizer.encode("aaaa")).containsExactly(AA, AA);
    }

    @Test
    void spacesAreNormalizedToTheSpaceMarkAndDecodedBack() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode(" a")).containsExactly(SPACE_MARK_A);
        assertThat(tokenizer.encode("a a")).containsExactly(A, SPACE_MARK_A);
        assertThat(tokenizer.decode(new int[] {A, SPACE_MARK_A})).isEqualTo("a a");
    }

    @Test
    void unknownCharactersFallBackToUtf8ByteTokensAndDecodeWhole() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode("é€")).containsExactly(
                BYTE_BASE + 0xC3, BYTE_BASE + 0xA9, BYTE_BASE + 0xE2, BYTE_BASE + 0x82, BYTE_BASE + 0xAC);
        assertThat(tokenizer.decode(tokenizer.encode("aé€b"))).isEqualTo("aé€b");
        assertThat(tokenizer.decode(tokenizer.encode("😀"))).isEqualTo("😀");
    }

    @Test
    void anInvalidByteRunBecomesOneReplacementCharacterPerByte() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        // E2 82 is a truncated "€": Hugging Face replaces each byte of the run, as do we.
        assertThat(tokenizer.decode(new int[] {A, BYTE_BASE + 0xE2, BYTE_BASE + 0x82, B}))
                .isEqualTo("a\uFFFD\uFFFDb");
        // A non-byte token ends a run: each half is judged on its own.
        assertThat(tokenizer.decode(new int[] {BYTE_BASE + 0xC3, A, BYTE_BASE + 0xA9})).isEqualTo("\uFFFDa\uFFFD");
    }

    @Test
    void addedTokensMatchLeftmostLongestInRawText() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode("<t>xa")).containsExactly(TAG_X, A);
        assertThat(tokenizer.encode("a<t>a")).containsExactly(A, TAG, A);
        assertThat(tokenizer.encode("<turn>ab<turn>")).containsExactly(TURN, AB, TURN);
        assertThat(tokenizer.decode(new int[] {TURN, AB}, true)).isEqualTo("ab");
        assertThat(tokenizer.decode(new int[] {TURN, AB}, false)).isEqualTo("<turn>ab");
        assertThat(tokenizer.isSpecial(TURN)).isTrue();
        assertThat(tokenizer.isSpecial(TAG)).isFalse();
    }

    @Test
    void postProcessorTemplateWrapsTheSequence() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.encode("ab")).containsExactly(AB);
        assertThat(tokenizer.encodeWithSpecialTokens("ab")).containsExactly(2, AB, 1); // <bos> A <eos> here
    }

    @Test
    void unknownTokenIsUsedAndFusedWithoutByteFallback() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike().replace("\"byte_fallback\": true", "\"byte_fallback\": false"));
        assertThat(tokenizer.encode("a€€b")).containsExactly(A, 3, B);
        GemmaTokenizer unfused = load(gemmaLike().replace("\"byte_fallback\": true", "\"byte_fallback\": false")
                .replace("\"fuse_unk\": true", "\"fuse_unk\": false"));
        assertThat(unfused.encode("a€€b")).containsExactly(A, 3, 3, B);
    }

    @Test
    void splitPreTokenizerKeepsTheDelimiterWithThePreviousPiece() throws IOException {
        String json = gemmaLike()
                .replace("\"normalizer\": {\"type\": \"Replace\", \"pattern\": {\"String\": \" \"}, \"content\": \"▁\"}",
                        "\"normalizer\": null")
                .replace("\"pattern\": {\"String\": \"SPLIT\"}", "\"pattern\": {\"String\": \"a\"}");
        GemmaTokenizer tokenizer = load(json);
        // Pieces "a", "a", "b": the "a a" merge can no longer happen across pieces, nor "a b".
        assertThat(tokenizer.encode("aab")).containsExactly(A, A, B);
    }

    @Test
    void idLookupsAndErrors() throws IOException {
        GemmaTokenizer tokenizer = load(gemmaLike());
        assertThat(tokenizer.idOf("<turn>")).isEqualTo(TURN);
        assertThat(tokenizer.idOf("ab")).isEqualTo(AB);
        assertThat(tokenizer.tokenOf(SPACE_MARK)).isEqualTo("▁");
        assertThat(tokenizer.vocabularySize()).isEqualTo(272);
        assertThatThrownBy(() -> tokenizer.idOf("zzz")).hasMessageContaining("zzz");
        assertThatThrownBy(() -> tokenizer.decode(new int[] {272})).hasMessageContaining("272");
    }

    @Test
    void featuresWeDoNotImplementAreRejectedByName() {
        assertThatThrownBy(() -> load(gemmaLike().replace("\"normalized\": false, \"special\": true",
                        "\"normalized\": true, \"special\": true")))
                .hasMessageContaining("normalized");
        assertThatThrownBy(() -> load(gemmaLike().replace("\"type\": \"BPE\"", "\"type\": \"Unigram\"")))
                .hasMessageContaining("Unigram");
        assertThatThrownBy(() -> load(gemmaLike().replace("\"behavior\": \"MergedWithPrevious\"",
                        "\"behavior\": \"Isolated\"")))
                .hasMessageContaining("pre_tokenizer");
        assertThatThrownBy(() -> load(gemmaLike().replace("{\"type\": \"Fuse\"}", "{\"type\": \"Strip\"}")))
                .hasMessageContaining("Strip");
        assertThatThrownBy(() -> GemmaTokenizer.load(dir.resolve("missing.json")))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("missing.json");
    }

    private GemmaTokenizer load(String json) throws IOException {
        Path file = Files.createTempFile(dir, "tokenizer", ".json");
        Files.writeString(file, json);
        return GemmaTokenizer.load(file);
    }

    /** Shaped like Gemma 2's file; the pre-tokenizer splits on a string that never occurs unless a test says so. */
    private static String gemmaLike() {
        List<String> vocab = new ArrayList<>(List.of("\"<pad>\": 0", "\"<eos>\": 1", "\"<bos>\": 2", "\"<unk>\": 3"));
        for (int b = 0; b < 256; b++) {
            vocab.add("\"" + ByteFallback.tokenName(b) + "\": " + (BYTE_BASE + b));
        }
        String[] tokens = {"▁", "a", "b", "c", "ab", "bc", "abc", "aa", "▁a", "<t>", "<t>x", "<turn>"};
        for (int i = 0; i < tokens.length; i++) {
            vocab.add("\"" + tokens[i] + "\": " + (SPACE_MARK + i));
        }
        return """
                {
                  "version": "1.0",
                  "truncation": null,
                  "padding": null,
                  "added_tokens": [
                    {"id": 0, "content": "<pad>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                    {"id": 1, "content": "<eos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                    {"id": 2, "content": "<bos>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
                    {"id": 269, "content": "<t>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": false},
                    {"id": 270, "content": "<t>x", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": false},
                    {"id": 271, "content": "<turn>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}
                  ],
                  "normalizer": {"type": "Replace", "pattern": {"String": " "}, "content": "▁"},
                  "pre_tokenizer": {"type": "Split", "pattern": {"String": "SPLIT"}, "behavior": "MergedWithPrevious", "invert": false},
                  "post_processor": {"type": "TemplateProcessing",
                    "single": [{"SpecialToken": {"id": "<bos>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                               {"SpecialToken": {"id": "<eos>", "type_id": 0}}],
                    "pair": [],
                    "special_tokens": {"<bos>": {"id": "<bos>", "ids": [2], "tokens": ["<bos>"]},
                                       "<eos>": {"id": "<eos>", "ids": [1], "tokens": ["<eos>"]}}},
                  "decoder": {"type": "Sequence", "decoders": [
                    {"type": "Replace", "pattern": {"String": "▁"}, "content": " "}, {"type": "ByteFallback"}, {"type": "Fuse"}]},
                  "model": {"type": "BPE", "dropout": null, "unk_token": "<unk>", "continuing_subword_prefix": null,
                    "end_of_word_suffix": null, "fuse_unk": true, "byte_fallback": true, "ignore_merges": false,
                    "vocab": {VOCAB},
                    "merges": ["a b", "b c", ["ab", "c"], "a a", "▁ a"]}
                }
                """.replace("{VOCAB}", "{" + String.join(", ", vocab) + "}");
    }
}
