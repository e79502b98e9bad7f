package dev.gemmastreams.engine.tokenizer;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Copies one named file out of a .tgz (npm tarballs are gzip'ed ustar archives), so provisioning needs no
 * {@code tar} binary. Understands ustar name prefixes, pax {@code path} records and GNU long names.
 */
final class TarGzEntryExtractor {

    private static final int BLOCK = 512;

    private TarGzEntryExtractor() {}

    /** Writes the entry's bytes to {@code out}; returns false when the archive has no such regular file. */
    static boolean extract(Path tgz, String entryName, OutputStream out) throws IOException {
        try (InputStream in = new GZIPInputStream(new BufferedInputStream(Files.newInputStream(tgz)), 1 << 16)) {
            return extract(in, entryName, out);
        }
    }

    static boolean extract(InputStream tar, String entryName, OutputStream out) throws IOException {
        byte[] header = new byte[BLOCK];
        String overrideName = null;
        while (true) {
            if (tar.readNBytes(header, 0, BLOCK) < BLOCK || isZeroBlock(header)) {
                return false; // end of archive
            }
            verifyChecksum(header);
            long size = parseSize(header);
            char type = (char) header[156];
            String name = overrideName != null ? overrideName : headerName(header);
            overrideName = null;
            switch (type) {
                case 'x' -> overrideName = paxPath(readEntry(tar, size)); // describes the next entry
                case 'L' -> overrideName = cString(readEntry(tar, size), 0, (int) size);
                case '0', '\0' -> {
                    if (name.equals(entryName)) {
                        copyExactly(tar, out, size);
                        return true;
                    }
                    skipEntry(tar, size);
                }
                default -> skipEntry(tar, size);
            }
        }
    }

    private static String headerName(byte[] header) {
        String name = cString(header, 0, 100);
        boolean ustar = new String(header, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
        String prefix = ustar ? cString(header, 345, 155) : "";
        return prefix.isEmpty() ? name : prefix + "/" + name;
    }

    private static String paxPath(byte[] records) {
        // Records are "<length> <key>=<value>\n"; lengths count bytes, so walk the bytes.
        int pos = 0;
        String path = null;
        while (pos < records.length) {
            int space = pos;
            while (space < records.length && records[space] != ' ') {
                space++;
            }
            if (space >= records.length) {
                break;
            }
            int length = Integer.parseInt(new String(records, pos, space - pos, StandardCharsets.US_ASCII).trim());
            if (length <= 0 || pos + length > records.length) {
                break;
            }
            String record = new String(records, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
            if (record.startsWith("path=")) {
                path = record.substring(5);
            }
            pos += length;
        }
        return path;
    }

    private static long parseSize(byte[] header) throws IOException {
        if ((header[124] & 0x80) != 0) { // GNU base-256 for very large files
            long size = 0;
            for (int i = 125; i < 136; i++) {
                size = (size << 8) | (header[i] & 0xff);
            }
            return size;
        }
        return parseOctal(header, 124, 12, "size");
    }

    private static long parseOctal(byte[] header, int offset, int length, String field) throws IOException {
        String text = new String(header, offset, length, StandardCharsets.US_ASCII).replace('\0', ' ').trim();
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(text, 8);
        } catch (NumberFormatException e) {
            throw new IOException("corrupt tar header: " + field + " field is '" + text + "'");
        }
    }

    private static void verifyChecksum(byte[] header) throws IOException {
        long expected = parseOctal(header, 148, 8, "checksum");
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (header[i] & 0xff);
        }
        if (sum != expected) {
            throw new IOException("corrupt tar header (checksum " + sum + ", header says " + expected + ")");
        }
    }

    private static boolean isZeroBlock(byte[] block) {
        for (byte b : block) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static String cString(byte[] bytes, int offset, int maxLength) {
        int end = offset;
        while (end < offset + maxLength && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, offset, end - offset, StandardCharsets.UTF_8);
    }

    private static byte[] readEntry(InputStream tar, long size) throws IOException {
        if (size > (1 << 20)) {
            throw new IOException("tar metadata entry too large: " + size + " bytes");
        }
        byte[] data = tar.readNBytes((int) size);
        if (data.length < size) {
            throw new EOFException("tar archive truncated");
        }
        skipPadding(tar, size);
        return data;
    }

    private static void copyExactly(InputStream tar, OutputStream out, long size) throws IOException {
        byte[] buffer = new byte[1 << 16];
        long remaining = size;
        while (remaining > 0) {
            int n = tar.read(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n < 0) {
                throw new EOFException("tar archive truncated inside an entry");
            }
            out.write(buffer, 0, n);
            remaining -= n;
        }
    }

    private static void skipEntry(InputStream tar, long size) throws IOException {
        tar.skipNBytes(size);
        skipPadding(tar, size);
    }

    private static void skipPadding(InputStream tar, long size) throws IOException {
        long padding = (BLOCK - size % BLOCK) % BLOCK;
        tar.skipNBytes(padding);
    }
}
