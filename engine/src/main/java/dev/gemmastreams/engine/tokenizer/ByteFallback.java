package dev.gemmastreams.engine.tokenizer;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code <0x00>}..{@code <0xFF>} byte tokens: characters missing from the vocabulary are encoded as their
 * UTF-8 bytes, and decoding must join consecutive byte tokens back into UTF-8 before turning them into text
 * (decoding byte by byte is what garbles "naïve €5").
 */
final class ByteFallback {

    private static final int MISSING = -1;

    private final int[] idsByByte = new int[256];

    ByteFallback(Vocabulary vocabulary) {
        for (int b = 0; b < 256; b++) {
            idsByByte[b] = vocabulary.idOf(tokenName(b));
        }
    }

    /** The byte token ids for the code point's UTF-8 bytes, or null when any byte has no token. */
    int[] idsFor(int codePoint) {
        byte[] bytes = Character.toString(codePoint).getBytes(StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            ids[i] = idsByByte[bytes[i] & 0xff];
            if (ids[i] == MISSING) {
                return null;
            }
        }
        return ids;
    }

    /** Hugging Face spells them with upper-case hex: {@code <0x0A>}. */
    static String tokenName(int b) {
        return String.format("<0x%02X>", b);
    }

    /** The byte a token string stands for ({@code <0xXX>}, six ASCII characters), or -1 when it is not one. */
    static int byteOf(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        int high = Character.digit(token.charAt(3), 16);
        int low = Character.digit(token.charAt(4), 16);
        boolean ascii = token.charAt(3) < 128 && token.charAt(4) < 128;
        return high < 0 || low < 0 || !ascii ? -1 : high * 16 + low;
    }

    /**
     * Decodes a run of consecutive byte tokens as Hugging Face's ByteFallback decoder does: valid UTF-8 becomes its
     * text; otherwise every byte of the run becomes U+FFFD.
     */
    static void appendRun(byte[] run, int length, List<String> out) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(run, 0, length));
            out.add(chars.toString());
        } catch (CharacterCodingException e) {
            for (int i = 0; i < length; i++) {
                out.add("\uFFFD");
            }
        }
    }
}
