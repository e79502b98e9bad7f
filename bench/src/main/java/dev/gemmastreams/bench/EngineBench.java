package dev.gemmastreams.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ./gemma-streams bench engine [--runs N] [--model DIR] [--prompt TOKENS] [--long TOKENS] [--new TOKENS]
 * [--skip-jlama] [--batch-only]}: the measured FMA peak, the batched engine (prefill at --prompt and --long
 * tokens against that peak, decode summed over 1, 2, 4 and 8 sequences, KV bytes; also written as JSON to
 * bench/target/engine-bench.json), and unless --batch-only:
 * load time, prefill and decode tokens/s and peak memory of our engine and of plain Jlama 0.8.4 on the
 * gemma-2-2b-shaped random model (BF16, our Q4 copy and Jlama's own Q4 copy, each made once), with the machine's
 * memory bandwidth measured in the same run and decode given as a fraction of its bandwidth bound. Each side runs
 * in a JVM of its own.
 */
public final class EngineBench {

    private EngineBench() {
    }

    public static void main(String[] args) {
        long started = System.nanoTime();
        String loadBefore = BenchSupport.loadAverage();
        String runs = BenchSupport.option(args, "--runs", "3");
        String prompt = BenchSupport.option(args, "--prompt", "300");
        String newTokens = BenchSupport.option(args, "--new", "64");
        boolean batchOnly = List.of(args).contains("--batch-only");
        boolean skipJlama = batchOnly || List.of(args).contains("--skip-jlama");
        String longPrompt = BenchSupport.option(args, "--long", "8192");
        String modelOption = BenchSupport.option(args, "--model", null);
        Path model = modelOption != null ? Path.of(modelOption).toAbsolutePath() : BenchSupport.randomModel("gemma-2-2b");
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException("Model folder " + model + " does not exist");
        }
        WeightBytes bytes = WeightBytes.of(model);

        BenchSupport.log("memory bandwidth: streaming a 2 GiB buffer on every core...");
        Map<String, List<String>> bw = BenchSupport.child(Bandwidth.class, List.of("-Xmx3g"), "--mib", "2048");
        BenchSupport.Summary gbps = BenchSupport.Summary.of(BenchSupport.doubles(bw, "gbps"));

        BenchSupport.log("FMA peak: Vector API FMA chains on every core...");
        Map<String, List<String>> fma = BenchSupport.child(FmaPeak.class, List.of("-Xmx256m"));

        String q4Early = BenchSupport.option(args, "--q4-model", null);
        Path q4Folder = q4Early != null ? Path.of(q4Early).toAbsolutePath() : BenchSupport.cacheRoot().resolve("gemma-2-2b-q4");
        if (q4Early == null && !Files.isRegularFile(q4Folder.resolve(".complete")) && modelOption == null) {
            makeQ4(model, q4Folder);
        }
        BenchSupport.log("batched engine on %s: prefill %s and %s tokens, decode at 1, 2, 4, 8 sequences...", model,
                prompt, longPrompt);
        Map<String, List<String>> batchBf16 = BenchSupport.child(BatchRun.class, List.of("-Xmx8g"), "--model",
                model.toString(), "--runs", runs, "--prompt", prompt, "--long", longPrompt, "--new", newTokens);
        Map<String, List<String>> batchQ4 = null;
        if (Files.isRegularFile(q4Folder.resolve(".complete")) || q4Early != null) {
            BenchSupport.log("batched engine on %s...", q4Folder);
            batchQ4 = BenchSupport.child(BatchRun.class, List.of("-Xmx8g"), "--model", q4Folder.toString(), "--runs",
                    runs, "--prompt", prompt, "--long", longPrompt, "--new", newTokens);
        }
        String batchReport = BatchReport.write(model, fma, batchBf16, batchQ4, Path.of("bench", "target",
                "engine-bench.json"));
        if (batchOnly) {
            System.out.println("\n## Batched engine: gemma-2-2b shape (" + Instant.now() + ")\n\nMachine: "
                    + BenchSupport.machine() + "\n\nEngine: " + BenchSupport.engineBuild() + "\n\n" + batchReport);
            return;
        }

        BenchSupport.log("our engine on %s (%s runs)...", model, runs);
        Map<String, List<String>> ours = BenchSupport.child(EngineRun.class, List.of("-Xmx2g"),
                "--model", model.toString(), "--runs", runs, "--prompt", prompt, "--new", newTokens);

        // Q4: measured only when a Q4 folder of the same model exists (made by `./gemma-streams model quantize`
        // once the engine has it) and our engine loads it; otherwise the table says why not.
        String q4Option = BenchSupport.option(args, "--q4-model", null);
        Path q4 = q4Option != null ? Path.of(q4Option).toAbsolutePath() : BenchSupport.cacheRoot().resolve("gemma-2-2b-q4");
        Map<String, List<String>> oursQ4 = null;
        WeightBytes q4Bytes = null;
        String q4Why = "not measured: no Q4 folder (" + q4 + "; make one with `./gemma-streams model quantize` "
                + "and pass --q4-model DIR) — the engine in this build loads F32 and BF16 only";
        if (q4Option == null && !Files.isRegularFile(q4.resolve(".complete")) && modelOption == null) {
            q4Why = makeQ4(model, q4);
        }
        if (Files.isDirectory(q4) && (q4Option != null || Files.isRegularFile(q4.resolve(".complete")))) {
            BenchSupport.log("our engine on the Q4 folder %s...", q4);
            try {
                q4Bytes = WeightBytes.of(q4);
                oursQ4 = BenchSupport.child(EngineRun.class, List.of("-Xmx2g"),
                        "--model", q4.toString(), "--runs", runs, "--prompt", prompt, "--new", newTokens);
            } catch (RuntimeException e) {
                q4Why = "not measured: our engine could not run " + q4 + " (" + e.getMessage() + ")";
            }
        }

        Map<String, List<String>> jlama = null;
        String jlamaError = null;
        if (!skipJlama) {
            BenchSupport.log("plain Jlama 0.8.4 on the same files (%s runs)...", runs);
            try {
                jlama = BenchSupport.child(JlamaRun.class, List.of("-Xmx2g"),
                        "--model", model.toString(), "--runs", runs, "--prompt", prompt, "--new", newTokens);
            } catch (RuntimeException e) {
                jlamaError = e.getMessage();
            }
        }
        // The second baseline: Jlama at Q4 with a BF16 embedding, the way Jlama runs Q4 best: its own offline Q4
        // copy (made once) and I8 activations, its Q4 x I8 kernels. (Its load-time Q4 leaves BF16 weights that
        // its I8 path cannot multiply; with F32 activations instead it prefilled a third slower.)
        Map<String, List<String>> jlamaQ4 = null;
        String jlamaQ4Error = null;
        if (!skipJlama) {
            try {
                Path jlamaQ4Model = jlamaQ4(model);
                BenchSupport.log("plain Jlama 0.8.4 on its own Q4 copy %s, I8 activations (%s runs)...", jlamaQ4Model,
                        runs);
                jlamaQ4 = BenchSupport.child(JlamaRun.class, List.of("-Xmx2g"), "--model", jlamaQ4Model.toString(),
                        "--runs", runs, "--prompt", prompt, "--new", newTokens, "--working-quant", "I8");
            } catch (RuntimeException e) {
                jlamaQ4Error = e.getMessage();
            }
        }

        BenchSupport.log("measuring bandwidth again (after the models, to see drift)...");
        Map<String, List<String>> bw2 = BenchSupport.child(Bandwidth.class, List.of("-Xmx3g"), "--mib", "2048",
                "--passes", "3");
        List<Double> allGbps = new java.util.ArrayList<>(BenchSupport.doubles(bw, "gbps"));
        allGbps.addAll(BenchSupport.doubles(bw2, "gbps"));
        BenchSupport.Summary gbpsAll = BenchSupport.Summary.of(allGbps);

        double perToken = bytes.perToken();
        double boundTps = gbpsAll.median() * 1e9 / perToken;

        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## Engine benchmark: gemma-2-2b shape, %s (%s)%n%n", bytes.dtypes(),
                Instant.now()));
        out.append("Machine: ").append(BenchSupport.machine()).append("\n\nEngine: ").append(BenchSupport.engineBuild())
                .append("\n\n");
        out.append(String.format(Locale.ROOT, "Prompt: %s tokens (ours, chat format; Jlama tokenized the same text to "
                + "%s), %s greedy new tokens. Medians of %s runs (min–max).%n%n",
                first(ours, "prompt_tokens"), jlama == null ? "n/a" : first(jlama, "prompt_tokens"), newTokens, runs));
        out.append(String.format(Locale.ROOT, "Memory bandwidth (read, %s threads, %s GiB buffer, Vector API): "
                        + "%s GB/s (before the models: %s; after: %s)%n",
                first(bw, "threads"), first(bw, "buffer_gib"), gbpsAll.format("%.1f"), gbps.format("%.1f"),
                BenchSupport.Summary.of(BenchSupport.doubles(bw2, "gbps")).format("%.1f")));
        out.append(String.format(Locale.ROOT, "Weights read per decoded token (%s): %.3f GB = layers %.3f GB + "
                        + "output projection (tied embedding) %.3f GB + final norm %d B -> bandwidth bound %.2f tokens/s%n%n",
                bytes.dtypes(), perToken / 1e9, bytes.layers() / 1e9, bytes.outputProjection() / 1e9, bytes.other(),
                boundTps));
        out.append("| engine | weights | load (s) | prefill (tok/s) | decode (tok/s) | decode / bound | peak RSS (MiB) | "
                + "RSS anon / file at end (MiB) |\n");
        out.append("|---|---|---|---|---|---|---|---|\n");
        row(out, "gemma-streams", "BF16", ours, boundTps);
        if (oursQ4 != null) {
            double q4Bound = gbpsAll.median() * 1e9 / q4Bytes.perToken();
            row(out, "gemma-streams", "Q4 (" + q4Bytes.dtypes() + ")", oursQ4, q4Bound);
        } else {
            out.append("| gemma-streams | Q4 | ").append(q4Why).append(" | | | | | |\n");
        }
        if (jlama != null) {
            row(out, "Jlama 0.8.4 generate()", "BF16", jlama, boundTps);
        } else if (!skipJlama) {
            out.append("| Jlama 0.8.4 generate() | BF16 | failed: ").append(jlamaError).append(" | | | | | |\n");
        }
        // Jlama's Q4 blocks: 32 weights in 16 bytes plus an F32 scale; its embedding stays in the source dtype
        // (read whole for the logits). Layer weights counted from their bytes in the source folder (F32 or BF16).
        double sourceBytesPerWeight = bytes.dtypes().equals("F32") ? 4 : 2;
        double jlamaQ4PerToken = bytes.layers() / sourceBytesPerWeight * 20 / 32 + bytes.outputProjection()
                + bytes.other();
        if (jlamaQ4 != null) {
            row(out, "Jlama 0.8.4 generate()", "Q4 (Jlama's offline quantizer; BF16 embedding; I8 activations)", jlamaQ4,
                    gbpsAll.median() * 1e9 / jlamaQ4PerToken);
        } else if (!skipJlama) {
            out.append("| Jlama 0.8.4 generate() | Q4 | failed: ").append(jlamaQ4Error).append(" | | | | | |\n");
        }
        if (oursQ4 != null) {
            out.append(String.format(Locale.ROOT, "%nQ4 folder %s: weights read per token %.3f GB (layers %.3f GB + "
                    + "output projection %.3f GB%s + final norm) -> bound %.2f tokens/s.%n", q4, q4Bytes.perToken() / 1e9,
                    q4Bytes.layers() / 1e9, q4Bytes.outputProjection() / 1e9,
                    q4Bytes.lmHead() > 0 ? " (Q4 lm_head; the BF16 embedding is only looked up)" : " (tied embedding)",
                    gbpsAll.median() * 1e9 / q4Bytes.perToken()));
        }
        if (jlama != null) {
            double p = BenchSupport.Summary.of(BenchSupport.doubles(ours, "prefill_tps")).median()
                    / BenchSupport.Summary.of(BenchSupport.doubles(jlama, "prefill_tps")).median();
            double d = BenchSupport.Summary.of(BenchSupport.doubles(ours, "decode_tps")).median()
                    / BenchSupport.Summary.of(BenchSupport.doubles(jlama, "decode_tps")).median();
            out.append(String.format(Locale.ROOT, "%nOurs vs Jlama (medians): prefill %.2fx, decode %.2fx.%n", p, d));
        }
        if (jlamaQ4 != null) {
            out.append(String.format(Locale.ROOT, "Jlama at Q4: %.3f GB read per token (its Q4 layers, 20 bytes per 32 "
                    + "weights, + the BF16 embedding). Ours BF16 / Q4 vs Jlama Q4 (medians): prefill %.2fx / %s, "
                    + "decode %.2fx / %s.%n", jlamaQ4PerToken / 1e9,
                    median(ours, "prefill_tps") / median(jlamaQ4, "prefill_tps"),
                    oursQ4 == null ? "n/a" : String.format(Locale.ROOT, "%.2fx",
                            median(oursQ4, "prefill_tps") / median(jlamaQ4, "prefill_tps")),
                    median(ours, "decode_tps") / median(jlamaQ4, "decode_tps"),
                    oursQ4 == null ? "n/a" : String.format(Locale.ROOT, "%.2fx",
                            median(oursQ4, "decode_tps") / median(jlamaQ4, "decode_tps"))));
        }
        out.append(String.format(Locale.ROOT, "Stops: ours %s; Jlama %s. Decode tok/s = forward passes after the "
                        + "prompt / their time. Peak RSS = VmHWM of each side's own JVM (the mapped weights it touched "
                        + "count as file pages). Total bench time %.0f s; load average "
                        + "before %s, after %s (the benchmark itself keeps ~2 cores busy).%n",
                ours.get("stop"), jlama == null ? "n/a" : jlama.get("stop") + (jlamaQ4 == null ? "" : " / Q4 " + jlamaQ4.get("stop")), (System.nanoTime() - started) / 1e9, loadBefore,
                BenchSupport.loadAverage()));
        out.append("\n").append(batchReport);
        System.out.println(out);
    }

    /**
     * Makes the Q4 copy of the bench model once with the engine's own quantizer when this engine build has one
     * (looked up by reflection, so the bench compiles against engines with or without it). Returns why Q4 is not
     * measured when it cannot.
     */
    private static String makeQ4(Path model, Path q4) {
        Class<?> quantizer;
        Class<?> progress;
        try {
            quantizer = Class.forName("dev.gemmastreams.engine.quantize.Quantizer");
            progress = Class.forName("dev.gemmastreams.engine.quantize.Quantizer$Progress");
        } catch (ClassNotFoundException e) {
            return "not measured: the engine build measured has no Q4 (no dev.gemmastreams.engine.quantize.Quantizer)";
        }
        BenchSupport.log("making the Q4 copy %s with the engine's quantizer (once)...", q4);
        long start = System.nanoTime();
        int[] lastPercent = {-10};
        Object onProgress = java.lang.reflect.Proxy.newProxyInstance(progress.getClassLoader(),
                new Class<?>[] {progress}, (proxy, method, a) -> {
                    if (method.getName().equals("tensor") && a != null && a.length == 6) {
                        int percent = (int) (100 * (long) a[4] / Math.max(1L, (long) a[5]));
                        if (percent >= lastPercent[0] + 10) {
                            lastPercent[0] = percent;
                            BenchSupport.log("  quantized %d%%", percent);
                        }
                    }
                    return null;
                });
        try {
            JlamaRun.deleteTree(q4);
            quantizer.getMethod("quantize", Path.class, Path.class, progress).invoke(null, model, q4, onProgress);
            Files.writeString(q4.resolve(".complete"), "quantized from " + model + "\n");
            BenchSupport.log("made it in %.0f s", (System.nanoTime() - start) / 1e9);
            return null;
        } catch (Exception e) {
            Throwable cause = e instanceof java.lang.reflect.InvocationTargetException ite ? ite.getCause() : e;
            return "not measured: the engine's quantizer failed (" + cause + ")";
        }
    }

    /** Jlama's offline Q4 copy of the model, made once in a JVM of its own (it holds the output in memory). */
    private static Path jlamaQ4(Path model) {
        Path folder = BenchSupport.cacheRoot().resolve(model.getFileName() + "-jlama-q4");
        if (!Files.isRegularFile(folder.resolve(".complete"))) {
            BenchSupport.log("making Jlama's Q4 copy %s with Jlama's quantizer (once)...", folder);
            BenchSupport.child(JlamaQuantize.class, List.of("-Xmx6g"), "--model", model.toString(), "--out",
                    folder.toString());
        }
        return folder;
    }

    private static void row(StringBuilder out, String name, String dtype, Map<String, List<String>> r, double bound) {
        BenchSupport.Summary decode = BenchSupport.Summary.of(BenchSupport.doubles(r, "decode_tps"));
        BenchSupport.Summary fraction = BenchSupport.Summary.of(
                BenchSupport.doubles(r, "decode_tps").stream().map(v -> v / bound).toList());
        out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %.0f | %.0f / %.0f |%n", name, dtype,
                BenchSupport.Summary.of(BenchSupport.doubles(r, "load_s")).format("%.2f"),
                BenchSupport.Summary.of(BenchSupport.doubles(r, "prefill_tps")).format("%.1f"),
                decode.format("%.2f"), fraction.format("%.2f"),
                BenchSupport.one(r, "mem_VmHWM"), BenchSupport.one(r, "mem_RssAnon"), BenchSupport.one(r, "mem_RssFile")));
    }

    private static String first(Map<String, List<String>> r, String key) {
        List<String> v = r.get(key);
        return v == null || v.isEmpty() ? "?" : v.get(0);
    }

    private static double median(Map<String, List<String>> results, String key) {
        return BenchSupport.Summary.of(BenchSupport.doubles(results, key)).median();
    }
}
