package dev.gemmastreams.engine.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A deterministic corpus for comparing tokenizers: hand-written lines (many scripts, emoji, code, special tokens,
 * control characters), strings generated from a fixed seed by mixing fragments, long words, and ~100 KB documents.
 * It never contains U+2581 ("▁"), which Gemma's decoder turns into a space, except in the hand-written lines that
 * test exactly that; {@link #roundTrippable} leaves those out.
 */
final class TokenizerTestCorpus {

    static final int DOCUMENT_CHARS = 100_000;

    private static final String[] WORDS = {
        "the", "of", "and", "tokenizer", "Kafka", "streams", "summary", "question", "answer", "model", "Gemma",
        "naïve", "café", "über", "Straße", "façade", "coöperate", "jalapeño", "smörgåsbord", "Ærøskøbing",
        "東京", "日本語", "漢字", "中文", "北京市", "한국어", "서울", "ひらがな", "カタカナ", "ﾊﾝｶｸ",
        "العربية", "مرحبا", "שלום", "עברית", "हिन्दी", "नमस्ते", "ক্ষ", "தமிழ்", "ไทย", "ສະບາຍດີ", "ሰላም",
        "Привет", "мир", "Ελλάδα", "Ǆemal", "ﬁnance", "Ⅻ", "①②③", "ｆｕｌｌｗｉｄｔｈ", "İstanbul", "ıi",
        "😀", "👍🏽", "👨‍👩‍👧‍👦", "🏳️‍🌈", "🇯🇵", "🇺🇳", "❤️", "🫠", "🧑‍🚀", "𝕏", "𓂀", "🀄", "☃",
        "1", "42", "3.14", "1e9", "2026-11-26", "0xCAFE", "100%", "$5", "€5", "¥", "₹",
        "https://example.com/a?b=c", "user@example.org", "C:\\Windows\\System32", "/usr/local/bin",
        "if(x){return y;}", "x += 1;", "a->b", "::", "=>", "!=", "<=>", "&&", "||", "#!", "//", "/*", "*/",
        "<start_of_turn>", "<end_of_turn>", "<bos>", "<eos>", "<pad>", "<unk>", "<mask>", "<start_of", "_turn>",
        "<end_of_tur", "<", ">", "</", "<table>", "</td>", "<h1>", "<unused7>", "<unused", "[toxicity=0]",
        "\u0000", "\u0007", "\u001B", "\u007F", "\u0085", "\u00A0", "\u2028", "\u2029", "\u200D", "\uFEFF", "\u00AD",
    };

    private static final String[] SEPARATORS = {
        " ", " ", " ", " ", "  ", "   ", "\t", "\n", "\n\n", "\r\n", " \n", "\t\t", "", "", ",", ". ", "\u3000", "\u00A0",
        "\n\n\n\n", "        ", "\t \t",
    };

    private TokenizerTestCorpus() {}

    /** Everything: hand-written lines, generated strings, long words and 100 KB documents. */
    static List<String> all() {
        List<String> corpus = new ArrayList<>(handWritten());
        corpus.addAll(generated(new Random(20261126L), 1000));
        corpus.addAll(longWords());
        corpus.addAll(documents());
        return corpus;
    }

    static boolean roundTrippable(String text) {
        return text.indexOf('\u2581') < 0;
    }

    static List<String> handWritten() {
        try (InputStream in = TokenizerTestCorpus.class.getResourceAsStream("hand-written-corpus.txt")) {
            List<String> lines = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (!line.startsWith("# ") && !line.isEmpty()) {
                    lines.add(unescape(line));
                }
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Strings of 1 to 40 fragments: words, separators and random code points from many Unicode blocks. */
    static List<String> generated(Random random, int count) {
        List<String> strings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int fragments = 1 + random.nextInt(i % 10 == 0 ? 200 : 40);
            StringBuilder text = new StringBuilder();
            for (int f = 0; f < fragments; f++) {
                int kind = random.nextInt(10);
                if (kind < 5) {
                    text.append(WORDS[random.nextInt(WORDS.length)]);
                } else if (kind < 8) {
                    text.append(SEPARATORS[random.nextInt(SEPARATORS.length)]);
                } else if (kind < 9) {
                    text.appendCodePoint(randomCodePoint(random));
                } else {
                    for (int k = random.nextInt(12); k >= 0; k--) {
                        text.append((char) (32 + random.nextInt(95))); // printable ASCII soup
                    }
                }
            }
            strings.add(text.toString());
        }
        return strings;
    }

    static List<String> longWords() {
        Random random = new Random(7);
        StringBuilder letters = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            letters.append((char) ('a' + random.nextInt(26)));
        }
        StringBuilder mixedScripts = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            mixedScripts.appendCodePoint(randomCodePoint(random));
        }
        return List.of(
                "a".repeat(4096),
                "ab".repeat(2000),
                "supercalifragilisticexpialidocious".repeat(60),
                "9".repeat(5000),
                "0123456789".repeat(300),
                "=".repeat(3000),
                "_-".repeat(1500),
                "😀".repeat(1000),
                "漢".repeat(2000),
                " ".repeat(2000),
                "\n".repeat(1000),
                "\t".repeat(777),
                "\r\n".repeat(500),
                letters.toString(),
                mixedScripts.toString());
    }

    /** Four ~100 KB documents: prose in many scripts, source code, one 100 KB word with no spaces, CJK. */
    static List<String> documents() {
        Random random = new Random(42);
        List<String> docs = new ArrayList<>();
        docs.add(document(random, String.join(" ", WORDS).split(" ")));
        docs.add(document(random, new String[] {
            "public", "static", "int", "{", "}", "(", ")", ";", "return", "x", "=", "y", "+", "1", "\n", "    ",
            "\t", "//", "comment", "if", "else", "for", "while", "\"string\"", "'c'", "0x1F", "->", "::", "\r\n"}));
        StringBuilder word = new StringBuilder();
        while (word.length() < DOCUMENT_CHARS) {
            String w = WORDS[random.nextInt(40)];
            word.append(w);
        }
        docs.add(word.toString());
        StringBuilder cjk = new StringBuilder();
        while (cjk.length() < DOCUMENT_CHARS) {
            cjk.appendCodePoint(0x4E00 + random.nextInt(0x9FFF - 0x4E00));
            if (random.nextInt(30) == 0) {
                cjk.append(random.nextBoolean() ? "。" : "\n");
            }
        }
        docs.add(cjk.toString());
        return docs;
    }

    private static String document(Random random, String[] vocabulary) {
        StringBuilder doc = new StringBuilder(DOCUMENT_CHARS + 100);
        while (doc.length() < DOCUMENT_CHARS) {
            doc.append(vocabulary[random.nextInt(vocabulary.length)]);
            doc.append(random.nextInt(12) == 0 ? SEPARATORS[random.nextInt(SEPARATORS.length)] : " ");
        }
        return doc.toString();
    }

    /** A random scalar value from a random Unicode block (never a surrogate, never U+2581). */
    private static int randomCodePoint(Random random) {
        int[][] ranges = {
            {0x00, 0x7F}, {0x80, 0x24F}, {0x370, 0x52F}, {0x590, 0x6FF}, {0x900, 0xDFF}, {0xE00, 0xEFF},
            {0x1100, 0x11FF}, {0x2000, 0x2BFF}, {0x3000, 0x30FF}, {0x4E00, 0x9FFF}, {0xAC00, 0xD7A3},
            {0xE000, 0xF8FF}, {0xF900, 0xFFFF}, {0x10000, 0x1FFFF}, {0x1F300, 0x1FAFF}, {0x20000, 0x3FFFF},
            {0xE0000, 0xE007F}, {0xF0000, 0x10FFFF},
        };
        int[] range = ranges[random.nextInt(ranges.length)];
        int codePoint = range[0] + random.nextInt(range[1] - range[0] + 1);
        return codePoint == 0x2581 ? 'x' : codePoint;
    }

    private static String unescape(String line) {
        StringBuilder out = new StringBuilder(line.length());
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\' || i + 1 >= line.length()) {
                out.append(c);
                continue;
            }
            char next = line.charAt(++i);
            switch (next) {
                case 'n' -> out.append('\n');
                case 't' -> out.append('\t');
                case 'r' -> out.append('\r');
                case '\\' -> out.append('\\');
                case 'u' -> {
                    int close = line.indexOf('}', i);
                    out.appendCodePoint(Integer.parseInt(line.substring(i + 2, close), 16));
                    i = close;
                }
                default -> out.append('\\').append(next);
            }
        }
        return out.toString();
    }
}
