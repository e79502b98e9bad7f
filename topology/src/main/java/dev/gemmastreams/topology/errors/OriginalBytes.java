package dev.gemmastreams.topology.errors;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

import dev.gemmastreams.avro.DeadLetter;

/**
 * The original key and value a dead letter carries, bounded so that the dead letter always fits the broker's
 * message size: at most {@code maxBytes} of them together (the key first, at most half), with the full length
 * and SHA-256 of each, and {@code truncated} set when something was cut.
 */
public final class OriginalBytes {

    /** The default bound: far below Kafka's default 1 MB message size, large enough for any ordinary input. */
    public static final int DEFAULT_MAX_BYTES = 64 * 1024;
    /** Error texts are cut too (an exception message may quote the input). */
    static final int MAX_ERROR_CHARS = 4096;

    private final byte[] key;
    private final byte[] value;
    private final boolean truncated;

    private OriginalBytes(byte[] key, byte[] value, boolean truncated) {
        this.key = key;
        this.value = value;
        this.truncated = truncated;
    }

    /** Sets key, value, their sizes and hashes and the truncation flag on a dead letter; returns the kept key. */
    public static byte[] fill(DeadLetter.Builder letter, byte[] key, byte[] value, int maxBytes) {
        OriginalBytes kept = of(key, value, maxBytes);
        letter.setKey(wrap(kept.key))
                .setValue(wrap(kept.value))
                .setTruncated(kept.truncated)
                .setKeySize(key == null ? null : key.length)
                .setKeySha256(sha256(key))
                .setValueSize(value == null ? null : value.length)
                .setValueSha256(sha256(value));
        return kept.key;
    }

    /** An error text no longer than a dead letter keeps. */
    public static String boundedError(String message) {
        return message == null || message.length() <= MAX_ERROR_CHARS ? message
                : message.substring(0, MAX_ERROR_CHARS) + "... (" + message.length() + " characters)";
    }

    static OriginalBytes of(byte[] key, byte[] value, int maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative, was " + maxBytes);
        }
        byte[] keptKey = prefix(key, maxBytes / 2);
        byte[] keptValue = prefix(value, maxBytes - (keptKey == null ? 0 : keptKey.length));
        boolean truncated = keptKey != key || keptValue != value;
        return new OriginalBytes(keptKey, keptValue, truncated);
    }

    private static byte[] prefix(byte[] bytes, int max) {
        return bytes == null || bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static ByteBuffer wrap(byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(bytes);
    }

    static String sha256(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
