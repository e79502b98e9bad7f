package dev.gemmastreams.engine.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Hugging Face tokenizers (the Rust library, through DJL) as the reference. Two instances, so that "with special
 * tokens" and "without" are each compared with our method of the same meaning. No truncation or padding: DJL
 * otherwise truncates to 512 tokens by default.
 */
final class HuggingFaceOracle implements AutoCloseable {

    static {
        // DJL's native library comes from its jar; extract it under target/, never call home (EC2 telemetry probe).
        System.setProperty("DJL_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
        System.setProperty("offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
    }

    private final HuggingFaceTokenizer withoutSpecialTokens;
    private final HuggingFaceTokenizer withSpecialTokens;

    HuggingFaceOracle(Path tokenizerJson) throws IOException {
        withoutSpecialTokens = HuggingFaceTokenizer.newInstance(tokenizerJson, options("false"));
        withSpecialTokens = HuggingFaceTokenizer.newInstance(tokenizerJson, options("true"));
    }

    private static Map<String, String> options(String addSpecialTokens) {
        return Map.of("addSpecialTokens", addSpecialTokens, "truncation", "false", "padding", "false");
    }

    int[] encode(String text) {
        return toInts(withoutSpecialTokens.encode(text).getIds());
    }

    int[] encodeWithSpecialTokens(String text) {
        return toInts(withSpecialTokens.encode(text).getIds());
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        return withoutSpecialTokens.decode(Arrays.stream(ids).asLongStream().toArray(), skipSpecialTokens);
    }

    private static int[] toInts(long[] ids) {
        return Arrays.stream(ids).mapToInt(Math::toIntExact).toArray();
    }

    @Override
    public void close() {
        withoutSpecialTokens.close();
        withSpecialTokens.close();
    }
}
