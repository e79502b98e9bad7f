package dev.gemmastreams.service.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.generate.SamplingOptions;
import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.quantize.Quantizer;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ./gemma-streams model ...}: the engine on its own, for people and for other tools. */
@Command(name = "model", description = "Run the engine directly: generate, tokenize, logits, score, quantize, random.",
        mixinStandardHelpOptions = true,
        subcommands = {ModelCommands.Generate.class, ModelCommands.Tokenize.class, ModelCommands.Logits.class,
                ModelCommands.Score.class, ModelCommands.Quantize.class, ModelCommands.RandomModel.class})
final class ModelCommands {

    @Command(name = "generate", description = "Print the model's completion of a prompt (Gemma chat format) and its timings.")
    static final class Generate implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "Gemma 2 model folder") Path model;
        @Option(names = "--prompt", required = true) String prompt;
        @Option(names = "--max-tokens", defaultValue = "128") int maxTokens;
        @Option(names = "--temperature", defaultValue = "0", description = "0 = greedy (default)") double temperature;
        @Option(names = "--top-k", defaultValue = "0") int topK;
        @Option(names = "--top-p", defaultValue = "1") double topP;
        @Option(names = "--seed", defaultValue = "0") long seed;

        @Override
        public Integer call() {
            try (LoadedModel loaded = LoadedModel.load(model)) {
                int[] ids = ChatFormat.encodeUserTurn(loaded.tokenizer(), prompt);
                GenerationResult result = loaded.newGenerator().generate(new GenerationRequest(ids, maxTokens,
                        new SamplingOptions(temperature, topK, topP, seed)));
                System.out.println(result.text());
                System.err.printf("prompt %d tokens, prefill %.1f ms (%.1f tokens/s); completion %d tokens, decode %.1f ms"
                                + " (%.1f tokens/s); stopped: %s%n",
                        result.promptTokens(), result.prefillNanos() / 1e6,
                        result.promptTokens() * 1e9 / Math.max(1, result.prefillNanos()), result.completionTokens(),
                        result.decodeNanos() / 1e6, result.decodeTokensPerSecond(), result.stopReason());
                return 0;
            }
        }
    }

    @Command(name = "tokenize", description = "Read text lines on stdin; print one JSON array of token ids per line"
            + " (with <bos>, as Hugging Face's tokenizer(text) gives them: text that spells a control token becomes"
            + " that token, unlike the content of the service's prompts, which is always plain text).")
    static final class Tokenize implements Callable<Integer> {
        @Option(names = "--model", required = true) Path model;

        @Override
        public Integer call() throws Exception {
            var tokenizer = dev.gemmastreams.engine.tokenizer.GemmaTokenizer.load(model.resolve(ModelFolders.TOKENIZER_FILE));
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                System.out.println(Arrays.stream(tokenizer.encodeWithSpecialTokens(line)).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",", "[", "]")));
            }
            return 0;
        }
    }

    @Command(name = "logits", description = "Write the soft-capped next-token logits after every position as a"
            + " float32 .npy array of shape [positions, vocab].")
    static final class Logits implements Callable<Integer> {
        @Option(names = "--model", required = true) Path model;
        @Option(names = "--ids", required = true, split = ",", description = "token ids, e.g. 2,651,1234") int[] ids;
        @Option(names = "--out", required = true) Path out;

        @Override
        public Integer call() throws Exception {
            try (LoadedModel loaded = LoadedModel.load(model)) {
                float[][] logits = loaded.newGenerator().logits(ids);
                NpyWriter.write(out, logits);
                System.err.printf("wrote %s: [%d, %d] float32%n", out, logits.length, logits[0].length);
                return 0;
            }
        }
    }

    @Command(name = "score", description = "Print P(Yes) per safety policy for a text (ShieldGemma prompt template).")
    static final class Score implements Callable<Integer> {
        @Option(names = "--model", required = true) Path model;
        @Option(names = "--text", required = true) String text;
        @Option(names = "--policy", description = "dangerous_content, harassment, hate_speech, sexually_explicit"
                + " (default: all four)") List<String> policies;

        @Override
        public Integer call() {
            List<SafetyPolicy> chosen = policies == null || policies.isEmpty() ? SafetyPolicy.defaults()
                    : policies.stream().map(SafetyPolicy::named).toList();
            try (LoadedModel loaded = LoadedModel.load(model)) {
                Map<String, Double> scores = PolicyScorer.scorePrompt(loaded.newGenerator(), text, chosen);
                scores.forEach((policy, score) -> System.out.printf("%s\t%.6f%n", policy, score));
                return 0;
            }
        }
    }

    @Command(name = "quantize", description = "Write a Q4 copy of an F32/BF16 model folder (4-bit weights, one F16"
            + " scale per 32; norms and the input embedding kept, a Q4 copy of the embedding for the logits).")
    static final class Quantize implements Callable<Integer> {
        @Option(names = "--model", required = true, description = "F32 or BF16 Gemma 2 model folder") Path model;
        @Option(names = "--out", required = true, description = "new folder for the Q4 model") Path out;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            Quantizer.Result result = Quantizer.quantize(model, out, (done, total, name, as, bytes, all) ->
                    System.err.printf("[%d/%d] %s: %s (%.2f of %.2f GB written, %.0f s)%n", done, total, name, as,
                            bytes / 1e9, all / 1e9, (System.nanoTime() - start) / 1e9));
            System.err.printf("wrote Q4 model to %s: %d tensors, %.2f GB of weights from %.2f GB, files %s, in %.1f s%n",
                    result.folder(), result.tensors(), result.outputBytes() / 1e9, result.sourceBytes() / 1e9,
                    result.files(), (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }

    @Command(name = "random", description = "Write a random-weight Gemma 2 folder of an exact shape with the real"
            + " tokenizer (BF16 for the large shapes), for tests, demos and benchmarks.")
    static final class RandomModel implements Callable<Integer> {
        @Option(names = "--shape", required = true, description = "tiny, gemma-2-2b, gemma-2-9b, gemma-2-27b") String shape;
        @Option(names = "--out", required = true) Path out;
        @Option(names = "--seed", defaultValue = "42") long seed;

        @Override
        public Integer call() {
            long start = System.nanoTime();
            ModelFolders.random(out, shape, seed, new TokenizerProvisioner());
            System.err.printf("wrote %s model to %s in %.1f s%n", shape, out, (System.nanoTime() - start) / 1e9);
            return 0;
        }
    }
}
