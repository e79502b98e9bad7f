package dev.gemmastreams.engine.serve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.support.TinyModel;
import org.junit.jupiter.api.Test;

/** One model shared by many threads: every result equals the single-threaded one; full queues and timeouts are clear. */
class ModelWorkerTest {

    private static final Duration PATIENCE = Duration.ofMinutes(2);

    @Test
    void eightThreadsOfTwentyFiveRequestsGetTheSingleThreadedResultsByteForByte() throws Exception {
        LoadedModel model = TinyModel.shared();
        List<String> prompts = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            prompts.add("Request " + i + ": summarize document number " + (i * 7) + ".");
        }
        List<byte[]> expected = new ArrayList<>();
        try (ModelWorker single = new ModelWorker(model, ModelWorker.Options.of(1, 1))) {
            for (String prompt : prompts) {
                expected.add(generate(single, model, prompt));
            }
        }

        try (ModelWorker shared = new ModelWorker(model, ModelWorker.Options.of(8, 8 * 25));
             ExecutorService threads = Executors.newFixedThreadPool(8)) {
            List<Future<List<byte[]>>> perThread = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int offset = t;
                perThread.add(threads.submit(() -> {
                    List<byte[]> results = new ArrayList<>();
                    for (int i = 0; i < 25; i++) {
                        results.add(generate(shared, model, prompts.get((i + offset) % 25)));
                    }
                    return results;
                }));
            }
            for (int t = 0; t < 8; t++) {
                List<byte[]> results = perThread.get(t).get();
                for (int i = 0; i < 25; i++) {
                    assertThat(results.get(i)).isEqualTo(expected.get((i + t) % 25));
                }
            }
        }
    }

    @Test
    void aFullQueueIsRefusedAtOnce() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        try (ModelWorker worker = new ModelWorker(TinyModel.shared(), ModelWorker.Options.of(1, 1));
             ExecutorService callers = Executors.newFixedThreadPool(2)) {
            CountDownLatch running = new CountDownLatch(1);
            callers.submit(() -> worker.call((g, cancelled) -> {
                running.countDown();
                return awaitQuietly(release);
            }, PATIENCE));
            running.await(10, TimeUnit.SECONDS);
            callers.submit(() -> worker.call((g, cancelled) -> true, PATIENCE)); // fills the queue of one
            awaitQueued(worker, 1);

            assertThatThrownBy(() -> worker.call((g, cancelled) -> true, PATIENCE))
                    .isInstanceOf(EngineBusyException.class).hasMessageContaining("queue of 1");
            release.countDown();
        }
    }

    @Test
    void aTimedOutRunningRequestIsCancelled() {
        AtomicBoolean sawCancel = new AtomicBoolean();
        CountDownLatch stopped = new CountDownLatch(1);
        try (ModelWorker worker = new ModelWorker(TinyModel.shared(), ModelWorker.Options.of(1, 1))) {
            assertThatThrownBy(() -> worker.call((g, cancelled) -> {
                while (!cancelled.getAsBoolean()) {
                    Thread.onSpinWait();
                }
                sawCancel.set(true);
                stopped.countDown();
                return null;
            }, Duration.ofMillis(200))).isInstanceOf(EngineTimeoutException.class).hasMessageContaining("PT0.2S");
            awaitQuietly(stopped);
        }
        assertThat(sawCancel).isTrue();
    }

    @Test
    void theQueueTimeIsReported() {
        try (ModelWorker worker = new ModelWorker(TinyModel.shared(), ModelWorker.Options.of(1, 1))) {
            Queued<String> result = worker.call((g, cancelled) -> "done", PATIENCE);

            assertThat(result.value()).isEqualTo("done");
            assertThat(result.queueNanos()).isNotNegative();
        }
    }

    private static byte[] generate(ModelWorker worker, LoadedModel model, String prompt) {
        int[] ids = ChatFormat.encodeUserTurn(model.tokenizer(), prompt);
        return worker.call((g, cancelled) -> g.generate(GenerationRequest.greedy(ids, 4), cancelled), PATIENCE)
                .value().text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void awaitQueued(ModelWorker worker, int count) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (worker.queued() < count && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }
}
