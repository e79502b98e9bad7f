package dev.gemmastreams.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gemmastreams.engine.model.GemmaConfig;

/**
 * The batched-engine part of the engine benchmark: a markdown table (medians, min-max) and the JSON file other
 * tools read ({@code fma_peak_gflops}, {@code prefill_tok_s.{bf16,q4}.{300,8192}},
 * {@code decode_tok_s.{bf16,q4}.{1,2,4,8}} summed over the sequences, {@code kv_bytes_per_8192_tokens} (BF16, as the
 * service runs) and {@code kv_bytes_per_8192_tokens_by_precision.{f32,bf16,int8}}).
 */
final class BatchReport {

    private BatchReport() {
    }

    static String write(Path model, Map<String, List<String>> fma, Map<String, List<String>> bf16,
            Map<String, List<String>> q4, Path json) {
        GemmaConfig c = GemmaConfig.read(model);
        double flopsPerToken = prefillFlopsPerToken(c);
        BenchSupport.Summary peak = BenchSupport.Summary.of(BenchSupport.doubles(fma, "gflops"));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("machine", BenchSupport.machine());
        out.put("fma_peak_gflops", peak.median());
        out.put("fma_peak_gflops_min_max", List.of(peak.min(), peak.max()));
        out.put("prefill_gflop_per_token", flopsPerToken / 1e9);
        Map<String, Object> prefill = new LinkedHashMap<>();
        Map<String, Object> decode = new LinkedHashMap<>();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "FMA peak (float32 FloatVector.fma chains on %s threads): %s GFLOP/s. "
                + "Prefill: %.2f GFLOP per token (matrix products; attention not counted).%n%n",
                first(fma, "threads"), peak.format("%.1f"), flopsPerToken / 1e9));
        md.append("| weights | prefill short (tok/s) | of FMA peak | prefill long (tok/s) | long / short | decode 1 | "
                + "decode 2 (sum) | decode 4 (sum) | decode 8 (sum) | 8 / 1 |\n|---|---|---|---|---|---|---|---|---|---|\n");
        for (var entry : new Object[][] {{"bf16", bf16}, {"q4", q4}}) {
            @SuppressWarnings("unchecked")
            Map<String, List<String>> r = (Map<String, List<String>>) entry[1];
            if (r == null) {
                continue;
            }
            String name = (String) entry[0];
            BenchSupport.Summary shortPrefill = BenchSupport.Summary.of(BenchSupport.doubles(r, "prefill_tps_short"));
            List<Double> longValues = BenchSupport.doubles(r, "prefill_tps_long");
            Map<String, Object> p = new LinkedHashMap<>();
            p.put(first(r, "prefill_tps_short_tokens"), shortPrefill.median());
            p.put("300", shortPrefill.median());
            if (!longValues.isEmpty()) {
                p.put(first(r, "prefill_tps_long_tokens"), longValues.get(0));
                p.put("8192", longValues.get(0));
            }
            p.put("fraction_of_fma_peak_300", shortPrefill.median() * flopsPerToken / 1e9 / peak.median());
            prefill.put(name, p);
            Map<String, Object> d = new LinkedHashMap<>();
            String[] cells = new String[4];
            int i = 0;
            for (int n : new int[] {1, 2, 4, 8}) {
                BenchSupport.Summary s = BenchSupport.Summary.of(BenchSupport.doubles(r, "decode_tps_" + n));
                d.put(String.valueOf(n), s.median());
                cells[i++] = s.format("%.2f");
            }
            decode.put(name, d);
            double ratio = (double) d.get("8") / (double) d.get("1");
            md.append(String.format(Locale.ROOT, "| %s | %s (%s tokens) | %.2f | %s | %s | %s | %s | %s | %s | %.2fx |%n",
                    name.toUpperCase(Locale.ROOT), shortPrefill.format("%.1f"), first(r, "prefill_tps_short_tokens"),
                    shortPrefill.median() * flopsPerToken / 1e9 / peak.median(),
                    longValues.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.1f (%s tokens, 1 run)",
                            longValues.get(0), first(r, "prefill_tps_long_tokens")),
                    longValues.isEmpty() ? "n/a" : String.format(Locale.ROOT, "%.2f",
                            longValues.get(0) / shortPrefill.median()),
                    cells[0], cells[1], cells[2], cells[3], ratio));
        }
        out.put("prefill_tok_s", prefill);
        out.put("decode_tok_s", decode);
        out.put("kv_bytes_per_8192_tokens", Long.parseLong(first(bf16, "kv_bytes_per_8192_tokens")));
        Map<String, Long> byPrecision = new LinkedHashMap<>();
        for (String precision : List.of("f32", "bf16", "int8")) {
            String bytes = first(bf16, "kv_bytes_per_8192_tokens_" + precision);
            if (!bytes.equals("?")) {
                byPrecision.put(precision, Long.parseLong(bytes));
            }
        }
        out.put("kv_bytes_per_8192_tokens_by_precision", byPrecision);
        md.append(String.format(Locale.ROOT, "%nKV cache of one 8192-token sequence (BF16, sliding layers as rings of "
                + "window + 512): %.3f GB. Decode: greedy tokens after a 12-token prompt per sequence, all admitted "
                + "together and prefilled in one step; tok/s summed = forward passes / the longest decode time.%n",
                Long.parseLong(first(bf16, "kv_bytes_per_8192_tokens")) / 1e9));
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), out);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + json, e);
        }
        return md.toString();
    }

    /** Two FLOPs per weight of every layer's matrices (the logits are computed for the last position only). */
    static double prefillFlopsPerToken(GemmaConfig c) {
        long h = c.hiddenSize();
        long q = (long) c.numAttentionHeads() * c.headDim();
        long kv = (long) c.numKeyValueHeads() * c.headDim();
        long ffn = c.intermediateSize();
        long perLayer = h * q * 2 + h * kv * 2 + 3 * h * ffn;
        return 2.0 * perLayer * c.numHiddenLayers();
    }

    private static String first(Map<String, List<String>> r, String key) {
        List<String> v = r == null ? null : r.get(key);
        return v == null || v.isEmpty() ? "?" : v.get(0);
    }
}
