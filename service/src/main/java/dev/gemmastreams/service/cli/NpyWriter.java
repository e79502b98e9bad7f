package dev.gemmastreams.service.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a 2-D float32 array in NumPy's .npy format (version 1.0, little-endian, C order). */
final class NpyWriter {

    private NpyWriter() {
    }

    static void write(Path file, float[][] rows) throws IOException {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + rows.length + ", " + columns + "), }";
        // Magic (6) + version (2) + header length (2) + header, padded with spaces to a multiple of 64, then \n.
        int unpadded = 10 + dict.length() + 1;
        String header = dict + " ".repeat((64 - unpadded % 64) % 64) + "\n";
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0});
            out.write(ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN).putShort((short) header.length()).array());
            out.write(header.getBytes(StandardCharsets.US_ASCII));
            ByteBuffer row = ByteBuffer.allocate(columns * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[] values : rows) {
                row.clear();
                row.asFloatBuffer().put(values);
                out.write(row.array());
            }
        }
    }
}
