package dev.gemmastreams.service.metrics;

import java.util.concurrent.TimeUnit;

import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.results.TopologyMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * The topology's metrics in Micrometer, exported at /actuator/prometheus as {@code gemma_streams_*}. The names here
 * are the ones dashboards and alerts use: keep {@code deploy/} in step when changing them.
 */
@Component
public class MicrometerTopologyMetrics implements TopologyMetrics {

    private final MeterRegistry registry;

    public MicrometerTopologyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void cacheHit(String kind) {
        cache(kind, "hit");
    }

    @Override
    public void cacheMiss(String kind) {
        cache(kind, "miss");
    }

    private void cache(String kind, String result) {
        Counter.builder("gemma_streams_cache_lookups").description("Result cache lookups, by kind and hit or miss")
                .tag("kind", kind).tag("result", result).register(registry).increment();
    }

    @Override
    public void modelCall(String kind, GenerationStats stats) {
        timer("gemma_streams_model_queue", "Time a model call waited for the model", kind, stats.queueMillis());
        timer("gemma_streams_model_prefill", "Time the model spent reading prompts", kind, stats.prefillMillis());
        timer("gemma_streams_model_decode", "Time the model spent generating tokens", kind, stats.decodeMillis());
        Counter.builder("gemma_streams_model_tokens").description("Tokens read (prompt) and generated (completion)")
                .tag("kind", kind).tag("type", "prompt").register(registry).increment(stats.promptTokens());
        Counter.builder("gemma_streams_model_tokens").description("Tokens read (prompt) and generated (completion)")
                .tag("kind", kind).tag("type", "completion").register(registry).increment(stats.completionTokens());
        if (stats.decodeMillis() > 0) {
            DistributionSummary.builder("gemma_streams_decode_tokens_per_second")
                    .description("Generation speed of model calls").tag("kind", kind).register(registry)
                    .record(stats.completionTokens() * 1000.0 / stats.decodeMillis());
        }
    }

    private void timer(String name, String description, String kind, long millis) {
        Timer.builder(name).description(description).tag("kind", kind).publishPercentileHistogram()
                .register(registry).record(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void result(String kind, String status) {
        Counter.builder("gemma_streams_results").description("Results published, by kind and status")
                .tag("kind", kind).tag("status", status).register(registry).increment();
    }

    @Override
    public void safetyDecision(String stage, String decision) {
        Counter.builder("gemma_streams_safety_decisions").description("Safety decisions, by stage and decision")
                .tag("stage", stage).tag("decision", decision).register(registry).increment();
    }

    @Override
    public void documentParts(int parts) {
        DistributionSummary.builder("gemma_streams_document_parts")
                .description("Parts a document was summarized in (1 when it fit the context)")
                .register(registry).record(parts);
    }

    @Override
    public void deadLetter(String stage, String reason) {
        Counter.builder("gemma_streams_dead_letters").description("Inputs sent to the dead-letter topic")
                .tag("stage", stage).tag("reason", reason).register(registry).increment();
    }
}
