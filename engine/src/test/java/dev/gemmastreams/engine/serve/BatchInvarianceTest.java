package dev.gemmastreams.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.gemmastreams.engine.forward.KvPrecision;
import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.support.TinyModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Eight different requests running together in one batch (prompts of different lengths, one longer than a step,
 * so it is prefilled in chunks beside the others' decode rows) each get exactly what they get alone: the same
 * text bytes, tokens, token counts and logits.
 */
class BatchInvarianceTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    /** What one request produced. */
    private record Outcome(byte[] text, int[] tokens, int promptTokens, float[][] logits) {
    }

    @ParameterizedTest
    @EnumSource(value = KvPrecision.class, names = {"BF16", "INT8"})
    void eightConcurrentRequestsEachEqualTheirSoloRun(KvPrecision precision) throws Exception {
        LoadedModel model = TinyModel.shared();
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String text = ("Document " + i + " says: ").repeat(1 + i * i) + "Summarize it.";
            prompts.add(ChatFormat.encodeUserTurn(model.tokenizer(), text));
        }
        assertThat(prompts.get(7).length).as("one prompt longer than a forward step").isGreaterThan(128);

        List<Outcome> solo = new ArrayList<>();
        long soloSteps;
        try (ModelWorker one = worker(model, 1, precision)) {
            for (int[] prompt : prompts) {
                solo.add(run(one, prompt, null));
            }
            soloSteps = one.steps();
        }

        try (ModelWorker eight = worker(model, 8, precision);
                ExecutorService callers = Executors.newFixedThreadPool(8)) {
            CountDownLatch start = new CountDownLatch(8);
            List<Future<Outcome>> batched = new ArrayList<>();
            for (int[] prompt : prompts) {
                batched.add(callers.submit(() -> run(eight, prompt, start)));
            }
            for (int i = 0; i < prompts.size(); i++) {
                Outcome alone = solo.get(i);
                Outcome together = batched.get(i).get();
                assertThat(together.text()).as("text of request %d", i).isEqualTo(alone.text());
                assertThat(together.tokens()).as("tokens of request %d", i).isEqualTo(alone.tokens());
                assertThat(together.promptTokens()).isEqualTo(alone.promptTokens());
                for (int p = 0; p < alone.logits().length; p++) {
                    assertThat(together.logits()[p]).as("logits of request %d at %d", i, p)
                            .isEqualTo(alone.logits()[p]); // element by element, bit for bit
                }
            }
            assertThat(eight.steps()).as("forward steps, batched against one at a time").isLessThan(soloSteps);
        }
    }

    private static ModelWorker worker(LoadedModel model, int maxBatch, KvPrecision precision) {
        return new ModelWorker(model, new ModelWorker.Options(maxBatch, 16, precision, 1L << 30));
    }

    /** A greedy generation, then the logits at every position of its prompt's head, as one model call. */
    private static Outcome run(ModelWorker worker, int[] prompt, CountDownLatch start) {
        return worker.call(prompt.length + 24, (generator, cancelled) -> {
            if (start != null) {
                start.countDown();
                awaitQuietly(start); // all eight hold a sequence before any starts: they share every step
            }
            GenerationResult result = generator.generate(GenerationRequest.greedy(prompt, 24), cancelled);
            // Logits at every position of the prompt's head (the vocabulary is 256000 wide: a whole prompt's would
            // not fit the test's heap); the whole prompt's last logits decided the generation above.
            float[][] logits = generator.logits(java.util.Arrays.copyOf(prompt, Math.min(prompt.length, 16)));
            return new Outcome(result.text().getBytes(java.nio.charset.StandardCharsets.UTF_8), result.tokens(),
                    result.promptTokens(), logits);
        }, PATIENCE).value();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
