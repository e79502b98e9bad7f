package dev.gemmastreams.service.engine;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.serve.ModelWorker;
import dev.gemmastreams.engine.serve.Queued;
import dev.gemmastreams.topology.engine.GenerationStats;

/** One greedy chat-format generation through the shared model worker, with what it cost. */
public final class ModelCalls {

    private final LoadedModel model;
    private final ModelWorker worker;
    private final Duration timeout;

    public ModelCalls(LoadedModel model, ModelWorker worker, Duration timeout) {
        this.model = model;
        this.worker = worker;
        this.timeout = timeout;
    }

    public record Reply(String text, GenerationStats stats) {
    }

    public Reply generate(String userTurn, int maxNewTokens, String promptVersion) {
        int[] prompt = ChatFormat.encodeUserTurn(model.tokenizer(), userTurn);
        Queued<GenerationResult> queued = EngineErrors.translate(() -> worker.call(prompt.length + maxNewTokens,
                (generator, cancelled) -> generator.generate(GenerationRequest.greedy(prompt, maxNewTokens), cancelled),
                timeout));
        GenerationResult result = queued.value();
        return new Reply(result.text().strip(), new GenerationStats(model.id(), promptVersion, result.promptTokens(),
                result.completionTokens(), millis(queued.queueNanos()), millis(result.prefillNanos()),
                millis(result.decodeNanos())));
    }

    /** Tokens of a text as the model counts them. */
    public int tokens(String text) {
        return model.tokenizer().encode(text).length;
    }

    /** Tokens of the chat wrapping around a user turn (BOS and turn markers). */
    public int chatOverheadTokens() {
        return ChatFormat.encodeUserTurn(model.tokenizer(), "").length;
    }

    public String modelId() {
        return model.id();
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
