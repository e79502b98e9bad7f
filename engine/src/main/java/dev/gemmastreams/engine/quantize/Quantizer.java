package dev.gemmastreams.engine.quantize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gemmastreams.engine.model.GemmaConfig;
import dev.gemmastreams.engine.model.GemmaTensors;
import dev.gemmastreams.engine.model.ModelLoadException;
import dev.gemmastreams.engine.model.SafetensorsHeader;
import dev.gemmastreams.engine.model.WeightFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Writes a Q4 copy ({@link Q4Format}) of an F32 or BF16 Gemma 2 folder, tensor by tensor: every projection of
 * every layer becomes Q4, the tied embedding is kept as it is (the exact input lookup) and also written as a Q4
 * {@code lm_head.weight} for the logits, the norms are copied. Source tensors are read a few MiB of rows at a time,
 * so memory stays small whatever the model size. config.json gains {@code quantization_config}; the tokenizer and
 * every other non-weight file are copied.
 */
public final class Quantizer {
    /** Same shard size as the random model writer: Jlama maps one file in pieces of at most 2 GiB. */
    static final long MAX_SHARD_BYTES = 2L << 30;
    private static final int CHUNK_BYTES = 16 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Called after each source tensor. */
    public interface Progress {
        void tensor(int done, int total, String name, String as, long bytesWritten, long totalBytes);
    }

    /** What was written: output bytes of weights and the source's. */
    public record Result(Path folder, int tensors, long sourceBytes, long outputBytes, List<String> files) {}

    private enum Kind { COPY, PACKED, SCALES }

    /** One output tensor: a copy of a source tensor, or the packed nibbles or scales of a quantized one. */
    private record Out(String name, String source, Kind kind, String dtype, long[] shape, long bytes) {}

    private Quantizer() {}

    public static Result quantize(Path model, Path out, Progress progress) {
        if (!Files.isDirectory(model)) {
            throw new ModelLoadException("Model folder does not exist or is not a directory: " + model);
        }
        GemmaConfig config = GemmaConfig.read(model);
        if (WeightFiles.declaresQ4(model)) {
            throw new ModelLoadException("Model folder " + model + " is already Q4 (config.json has "
                    + Q4Format.CONFIG_KEY + ")");
        }
        WeightFiles files = WeightFiles.validate(model, config, false);
        prepareOutput(model, out);
        List<Out> plan = plan(config, files);
        List<List<Out>> shards = shard(plan);
        long total = plan.stream().mapToLong(Out::bytes).sum();
        long source = files.files().stream().mapToLong(f -> files.header(f).dataLength()).sum();
        List<String> written = new ArrayList<>();
        try {
            long[] done = {0};
            int[] tensorsDone = {0};
            int tensorCount = (int) plan.stream().filter(o -> o.kind() != Kind.SCALES).count();
            ObjectNode weightMap = JSON.createObjectNode();
            for (int i = 0; i < shards.size(); i++) {
                String name = shards.size() == 1 ? WeightFiles.SINGLE_FILE
                        : String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                writeShard(model, files, out.resolve(name), shards.get(i), o -> {
                    done[0] += o.bytes();
                    if (o.kind() != Kind.SCALES) {
                        tensorsDone[0]++;
                        if (o.kind() == Kind.COPY) {
                            progress.tensor(tensorsDone[0], tensorCount, o.name(), "copied " + o.dtype(), done[0], total);
                        }
                    } else {
                        String q = o.name().substring(0, o.name().length() - Q4Format.SCALES_SUFFIX.length());
                        progress.tensor(tensorsDone[0], tensorCount, q.equals(o.source()) ? q
                                : q + " (from " + o.source() + ")", "Q4", done[0], total);
                    }
                });
                shards.get(i).forEach(o -> weightMap.put(o.name(), name));
                written.add(name);
            }
            if (shards.size() > 1) {
                ObjectNode index = JSON.createObjectNode();
                index.putObject("metadata").put("total_size", total);
                index.set("weight_map", weightMap);
                Files.writeString(out.resolve(WeightFiles.INDEX_FILE),
                        JSON.writerWithDefaultPrettyPrinter().writeValueAsString(index), StandardCharsets.UTF_8);
            }
            ObjectNode json = (ObjectNode) JSON.readTree(model.resolve(GemmaConfig.FILE_NAME).toFile());
            Q4Format.describe(json);
            Files.writeString(out.resolve(GemmaConfig.FILE_NAME),
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(json), StandardCharsets.UTF_8);
            copyOtherFiles(model, out);
            return new Result(out, tensorCount, source, total, written);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Q4 model to " + out + ": " + e.getMessage(), e);
        }
    }

    private static void prepareOutput(Path model, Path out) {
        try {
            Files.createDirectories(out);
            if (Files.isSameFile(model, out)) {
                throw new IllegalArgumentException("The output folder must differ from the model folder " + model);
            }
            try (Stream<Path> s = Files.list(out)) {
                List<String> existing = s.map(p -> p.getFileName().toString())
                        .filter(n -> n.endsWith(".safetensors") || n.equals(WeightFiles.INDEX_FILE)).sorted().toList();
                if (!existing.isEmpty()) {
                    throw new IllegalArgumentException("Output folder " + out + " already holds weights " + existing
                            + ": choose an empty folder");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the output folder " + out + ": " + e.getMessage(), e);
        }
    }

    private static List<Out> plan(GemmaConfig config, WeightFiles files) {
        List<Out> plan = new ArrayList<>();
        for (Map.Entry<String, long[]> e : GemmaTensors.expected(config).entrySet()) {
            String name = e.getKey();
            long[] shape = e.getValue();
            SafetensorsHeader.Entry src = files.entry(name);
            if (shape.length == 1 || name.equals(GemmaTensors.EMBED)) {
                plan.add(new Out(name, name, Kind.COPY, src.dtype(), shape, src.end() - src.begin()));
            } else {
                addQ4(plan, name, name, shape);
            }
        }
        addQ4(plan, Q4Format.OUTPUT_PROJECTION, GemmaTensors.EMBED,
                new long[] {config.vocabSize(), config.hiddenSize()});
        return plan;
    }

    private static void addQ4(List<Out> plan, String name, String source, long[] shape) {
        if (shape[1] % Q4Format.BLOCK != 0) {
            throw new IllegalArgumentException("Cannot quantize '" + source + "' of shape [" + shape[0] + ", "
                    + shape[1] + "]: its " + shape[1] + " inputs are not a multiple of the Q4 block of "
                    + Q4Format.BLOCK);
        }
        long blocks = shape[1] / Q4Format.BLOCK;
        plan.add(new Out(name, source, Kind.PACKED, Q4Format.PACKED_DTYPE, new long[] {shape[0], shape[1] / 2},
                shape[0] * shape[1] / 2));
        plan.add(new Out(Q4Format.scalesOf(name), source, Kind.SCALES, Q4Format.SCALE_DTYPE,
                new long[] {shape[0], blocks}, shape[0] * blocks * 2));
    }

    /** Splits at MAX_SHARD_BYTES, keeping a Q4 tensor's nibbles and scales in one file. */
    private static List<List<Out>> shard(List<Out> plan) {
        List<List<Out>> shards = new ArrayList<>();
        List<Out> current = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < plan.size(); i++) {
            Out o = plan.get(i);
            long size = o.bytes() + (o.kind() == Kind.PACKED ? plan.get(i + 1).bytes() : 0);
            if (o.kind() != Kind.SCALES && !current.isEmpty() && bytes + size > MAX_SHARD_BYTES) {
                shards.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(o);
            bytes += o.bytes();
        }
        shards.add(current);
        return shards;
    }

    private interface Written {
        void accept(Out o);
    }

    private static void writeShard(Path model, WeightFiles files, Path file, List<Out> tensors, Written written)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("__metadata__").put("format", "pt").put("quantized_by", "gemma-streams model quantize");
        long offset = 0;
        long[] offsets = new long[tensors.size()];
        for (int i = 0; i < tensors.size(); i++) {
            Out t = tensors.get(i);
            ObjectNode n = root.putObject(t.name());
            n.put("dtype", t.dtype());
            var shape = n.putArray("shape");
            for (long d : t.shape()) {
                shape.add(d);
            }
            offsets[i] = offset;
            n.putArray("data_offsets").add(offset).add(offset + t.bytes());
            offset += t.bytes();
        }
        StringBuilder json = new StringBuilder(root.toString());
        while (json.length() % 8 != 0) {
            json.append(' ');
        }
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        long data = 8 + header.length;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(ch, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).flip(), 0);
            writeFully(ch, ByteBuffer.wrap(header), 8);
            for (int i = 0; i < tensors.size(); i++) {
                Out t = tensors.get(i);
                switch (t.kind()) {
                    case COPY -> copy(model, files, t.source(), ch, data + offsets[i]);
                    case PACKED -> quantize(model, files, t.source(), ch, data + offsets[i], data + offsets[i + 1]);
                    case SCALES -> { } // written with the packed nibbles
                }
                written.accept(t);
            }
        }
    }

    private static void copy(Path model, WeightFiles files, String tensor, FileChannel out, long at)
            throws IOException {
        String file = files.fileOf(tensor);
        SafetensorsHeader h = files.header(file);
        SafetensorsHeader.Entry e = files.entry(tensor);
        try (FileChannel in = FileChannel.open(model.resolve(file), StandardOpenOption.READ)) {
            long from = 8 + h.headerLength() + e.begin();
            long n = e.end() - e.begin();
            long done = 0;
            while (done < n) {
                long moved = in.transferTo(from + done, n - done, out.position(at + done));
                if (moved <= 0) {
                    throw new IOException("short read of tensor '" + tensor + "' in " + model.resolve(file));
                }
                done += moved;
            }
        }
    }

    /** Reads the source rows a chunk at a time, quantizes the rows in parallel, writes nibbles and scales. */
    private static void quantize(Path model, WeightFiles files, String tensor, FileChannel out, long packedAt,
            long scalesAt) throws IOException {
        String file = files.fileOf(tensor);
        SafetensorsHeader h = files.header(file);
        SafetensorsHeader.Entry e = files.entry(tensor);
        int rows = Math.toIntExact(e.shape()[0]);
        int in = Math.toIntExact(e.shape()[1]);
        boolean bf16 = e.dtype().equals("BF16");
        int width = bf16 ? 2 : 4;
        int chunkRows = Math.max(1, Math.min(rows, CHUNK_BYTES / (in * width)));
        int blocks = in / Q4Format.BLOCK;
        ByteBuffer src = ByteBuffer.allocateDirect(chunkRows * in * width).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[chunkRows * in];
        byte[] packed = new byte[chunkRows * in / 2];
        short[] scales = new short[chunkRows * blocks];
        ByteBuffer scaleBytes = ByteBuffer.allocate(scales.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel ch = FileChannel.open(model.resolve(file), StandardOpenOption.READ)) {
            long base = 8 + h.headerLength() + e.begin();
            for (int r0 = 0; r0 < rows; r0 += chunkRows) {
                int n = Math.min(chunkRows, rows - r0);
                src.clear().limit(n * in * width);
                readFully(ch, src, base + (long) r0 * in * width);
                ByteBuffer s = src.flip();
                int first = r0;
                IntStream.range(0, n).parallel().forEach(r -> {
                    int o = r * in;
                    for (int k = 0; k < in; k++) {
                        values[o + k] = bf16 ? Float.intBitsToFloat((s.getShort((o + k) * 2) & 0xffff) << 16)
                                : s.getFloat((o + k) * 4);
                    }
                    try {
                        Q4Format.quantize(values, o, in, packed, o / 2, scales, r * blocks);
                    } catch (IllegalArgumentException ex) {
                        throw new IllegalArgumentException("Cannot quantize row " + (first + r) + " of '" + tensor
                                + "' in " + model.resolve(file) + ": " + ex.getMessage(), ex);
                    }
                });
                writeFully(out, ByteBuffer.wrap(packed, 0, n * in / 2), packedAt + (long) r0 * in / 2);
                scaleBytes.clear();
                for (int i = 0; i < n * blocks; i++) {
                    scaleBytes.putShort(scales[i]);
                }
                writeFully(out, scaleBytes.flip(), scalesAt + (long) r0 * blocks * 2);
            }
        }
    }

    private static void copyOtherFiles(Path model, Path out) throws IOException {
        try (Stream<Path> s = Files.list(model)) {
            for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
                String n = p.getFileName().toString();
                if (n.endsWith(".safetensors") || n.equals(WeightFiles.INDEX_FILE) || n.equals(GemmaConfig.FILE_NAME)
                        || n.startsWith(".")) {
                    continue;
                }
                Files.copy(p, out.resolve(n), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            int n = ch.read(b, pos);
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
            pos += n;
        }
    }

    private static void writeFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        long pos = at;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
