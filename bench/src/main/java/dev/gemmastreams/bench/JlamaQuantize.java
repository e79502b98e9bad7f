package dev.gemmastreams.bench;

import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.SafeTensorSupport;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code JlamaQuantize --model DIR --out DIR}: Jlama's own offline Q4 copy of a model folder, the way Jlama's Q4
 * models are made to be run with its I8 activations (every layer weight Q4, the embedding kept in its dtype).
 * Its load-time quantization leaves weights that its I8 path cannot multiply, so the baseline needs this copy.
 */
public final class JlamaQuantize {
    /** The tied embedding stays in the source dtype: the baseline is Jlama at Q4 with a BF16 embedding. */
    private static final String[] KEEP = {"model.embed_tokens.weight"};

    private JlamaQuantize() {
    }

    public static void main(String[] args) throws IOException {
        Path model = Path.of(BenchSupport.option(args, "--model", null));
        Path out = Path.of(BenchSupport.option(args, "--out", null));
        // Jlama's quantizer copies a README.md beside the weights, which our folders do not have: it reads a
        // staging folder of links to the model's files plus one.
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path staging = Files.createTempDirectory(out.toAbsolutePath().getParent(), "jlama-q4-staging");
        try {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(model)) {
                for (Path f : files) {
                    Files.createSymbolicLink(staging.resolve(f.getFileName()), f.toAbsolutePath());
                }
            }
            Files.writeString(staging.resolve("README.md"), "Random-weight Gemma 2 for benchmarks: " + model + "\n");
            JlamaRun.deleteTree(out);
            long start = System.nanoTime();
            SafeTensorSupport.quantizeModel(staging, DType.Q4, KEEP, new String[0], Optional.of(out));
            Files.writeString(out.resolve(".complete"), "Jlama Q4 of " + model + "\n");
            BenchSupport.log("made it in %.0f s", (System.nanoTime() - start) / 1e9);
        } finally {
            JlamaRun.deleteTree(staging);
        }
    }
}
