package dev.gemmastreams.service.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.provision.ModelFolders;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.engine.tokenizer.TokenizerProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The gauges follow the worker: one call running, two waiting, then none. */
class ModelQueueMetricsTest {

    @Test
    void gaugesShowRunningAndWaitingCalls() throws Exception {
        TokenizerProvisioner tokenizers = new TokenizerProvisioner();
        assumeTrue(tokenizers.canProvision(), tokenizers.howToEnable());
        Path folder = Path.of("target", "test-models", "tiny");
        if (!Files.exists(folder.resolve(ModelFolders.TOKENIZER_FILE))) {
            ModelFolders.random(folder, "tiny", 3, tokenizers);
        }
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        CountDownLatch release = new CountDownLatch(1);
        try (LoadedModel model = LoadedModel.load(folder);
             ModelWorker worker = new ModelWorker(model, ModelWorker.Options.of(1, 4));
             ExecutorService callers = Executors.newFixedThreadPool(3)) {
            ModelQueueMetrics.bind(registry, worker, "main");
            CompletableFuture<?>[] calls = new CompletableFuture<?>[3];
            for (int i = 0; i < calls.length; i++) {
                calls[i] = CompletableFuture.runAsync(() -> worker.call((generator, cancelled) -> {
                    try {
                        return release.await(1, java.util.concurrent.TimeUnit.MINUTES);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return false;
                    }
                }, Duration.ofMinutes(1)), callers);
            }
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(registry.get("gemma_streams.model.running").tag("model", "main").gauge().value()).isEqualTo(1);
                assertThat(registry.get("gemma_streams.model.queued").tag("model", "main").gauge().value()).isEqualTo(2);
            });
            release.countDown();
            CompletableFuture.allOf(calls).get();
            assertThat(registry.get("gemma_streams.model.running").gauge().value()).isZero();
            assertThat(registry.get("gemma_streams.model.queued").gauge().value()).isZero();
        }
    }
}
