package dev.gemmastreams.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;

/** What the benchmarks share: the cached models, the document text, statistics, the machine, child JVMs. */
final class BenchSupport {

    private BenchSupport() {
    }

    // ---------------------------------------------------------------- models

    static Path cacheRoot() {
        String configured = System.getenv("GEMMA_STREAMS_CACHE");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "gemma-streams");
        return root.resolve("bench");
    }

    /** The random model of a shape, written once into the cache (a marker file says it is complete). */
    static Path randomModel(String shape) {
        String name = shape.equals("tiny") ? "tiny-f32" : shape + "-bf16";
        Path folder = cacheRoot().resolve(name);
        Path done = folder.resolve(".complete");
        if (Files.isRegularFile(done)) {
            return folder;
        }
        log("making the random %s model in %s (once; later runs reuse it)...", shape, folder);
        long start = System.nanoTime();
        try {
            Files.createDirectories(folder);
            ModelFolders.random(folder, shape, 42, new TokenizerProvisioner());
            Files.writeString(done, "seed 42\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        log("made it in %.0f s", (System.nanoTime() - start) / 1e9);
        return folder;
    }

    // ---------------------------------------------------------------- text

    private static final String[] SENTENCES = {
        "Apache Kafka stores streams of records in topics that are split into partitions and replicated across brokers.",
        "A Kafka Streams application reads those records, transforms them, and writes the results back to other topics.",
        "Exactly-once processing ties the consumer offsets and the produced records into a single transaction.",
        "When a model call takes many seconds, the poll interval and the transaction timeout must allow for it.",
        "The summarizer reads each document, asks the language model for a short summary, and publishes the result.",
        "Safety policies are scored before any text is generated, so harmful inputs never cost a generation.",
        "Memory bandwidth, not arithmetic, limits how fast a large model can produce one token after another.",
        "Every weight of the network is read once for each new token, which is why quantized weights decode faster.",
        "The prompt, by contrast, is processed in batches, so its speed depends on the matrix kernels instead.",
        "Operators watch the latency histograms and the dead-letter counts to see whether the service is healthy.",
        "Documents that are too long for the context are split on paragraph boundaries and summarized in parts.",
        "Questions name a document, and the passages that answer them are chosen with the BM25 ranking function.",
    };

    /** English prose of about {@code tokens} tokens (counted with the real tokenizer), varied by {@code variant}. */
    static String document(GemmaTokenizer tokenizer, int tokens, int variant) {
        StringBuilder text = new StringBuilder();
        if (variant > 0) {
            text.append("Report number ").append(variant).append(". ");
        }
        int i = variant;
        while (tokenizer.encode(text.toString()).length < tokens) {
            text.append(SENTENCES[Math.floorMod(i++, SENTENCES.length)]).append(' ');
        }
        return text.toString().strip();
    }

    // ---------------------------------------------------------------- statistics

    record Summary(double median, double min, double max, int n) {
        static Summary of(List<Double> values) {
            double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            if (v.length == 0) {
                return new Summary(Double.NaN, Double.NaN, Double.NaN, 0);
            }
            double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
            return new Summary(median, v[0], v[v.length - 1], v.length);
        }

        String format(String pattern) {
            if (n == 0) {
                return "n/a";
            }
            if (n == 1) {
                return String.format(Locale.ROOT, pattern, median);
            }
            return String.format(Locale.ROOT, pattern + " (" + pattern + "–" + pattern + ")", median, min, max);
        }
    }

    // ---------------------------------------------------------------- the machine and the process

    /** kB figures from /proc/self/status (VmHWM, VmRSS, RssAnon, RssFile), in MiB. */
    static Map<String, Double> memory() {
        Map<String, Double> m = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                for (String key : List.of("VmHWM", "VmRSS", "RssAnon", "RssFile")) {
                    if (line.startsWith(key + ":")) {
                        m.put(key, Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0);
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: no figures
        }
        return m;
    }

    static String machine() {
        String cpu = "unknown cpu";
        String flags = "";
        long ramKb = 0;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name") && cpu.startsWith("unknown")) {
                    cpu = line.substring(line.indexOf(':') + 1).strip();
                }
                if (line.startsWith("flags") && flags.isEmpty()) {
                    List<String> f = Arrays.asList(line.substring(line.indexOf(':') + 1).strip().split(" "));
                    flags = f.contains("avx512f") ? "AVX-512" : f.contains("avx2") ? "AVX2" : "no AVX2";
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    ramKb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return String.format(Locale.ROOT, "%s (%s), %d cores, %.1f GiB RAM, %s %s (%s)", cpu, flags,
                Runtime.getRuntime().availableProcessors(), ramKb / 1024.0 / 1024.0,
                System.getProperty("java.vm.name"), Runtime.version(), System.getProperty("java.home"));
    }

    /** The 1-minute load average (other work on the machine shows here: on 2 cores, more than ~2 means sharing). */
    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    /** Which engine build is measured: the jar (or classes folder) LoadedModel came from, and when it was built. */
    static String engineBuild() {
        try {
            Path where = Path.of(dev.gemmastreams.engine.generate.LoadedModel.class.getProtectionDomain()
                    .getCodeSource().getLocation().toURI());
            return where + " (built " + Files.getLastModifiedTime(where) + ")";
        } catch (Exception e) {
            return "unknown";
        }
    }

    static void log(String format, Object... args) {
        System.err.println("[bench] " + String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    /** Result lines a child JVM prints: {@code RESULT key value}. */
    static void result(String key, Object value) {
        System.out.println("RESULT " + key + " " + value);
        System.out.flush();
    }

    /**
     * Runs {@code main} in a fresh JVM with this JVM's flags and class path (so peak memory and the JIT are its
     * own), echoes its other output to stderr and returns its RESULT lines, several values per key kept in order.
     */
    static Map<String, List<String>> child(Class<?> main, List<String> extraJvmArgs, String... args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse(
                Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Xmx") && !a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
                command.add(a);
            }
        }
        command.addAll(extraJvmArgs);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(main.getName());
        command.addAll(List.of(args));
        Map<String, List<String>> results = new LinkedHashMap<>();
        try {
            Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("RESULT ")) {
                        String[] kv = line.substring(7).split(" ", 2);
                        results.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(kv.length > 1 ? kv[1] : "");
                    } else {
                        System.err.println("  | " + line);
                    }
                }
            }
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IllegalStateException(main.getSimpleName() + " exited with " + rc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return results;
    }

    static List<Double> doubles(Map<String, List<String>> results, String key) {
        return results.getOrDefault(key, List.of()).stream().map(Double::parseDouble).toList();
    }

    static double one(Map<String, List<String>> results, String key) {
        List<Double> v = doubles(results, key);
        return v.isEmpty() ? Double.NaN : v.get(v.size() - 1);
    }

    /** {@code --name value} from args, or the fallback. */
    static String option(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals(name) && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith(name + "=")) {
                return args[i].substring(name.length() + 1);
            }
        }
        return fallback;
    }
}
