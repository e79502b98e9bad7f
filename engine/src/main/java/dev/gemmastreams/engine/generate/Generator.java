package dev.gemmastreams.engine.generate;

import java.util.function.BooleanSupplier;

import dev.gemmastreams.engine.forward.GemmaModel;
import dev.gemmastreams.engine.forward.GemmaSession;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;

/**
 * Generates text with one model: prefill the prompt, then decode token by token until {@code <end_of_turn>},
 * {@code <eos>} or the limit. Reuses one KV cache across calls. Not thread-safe: one thread drives a generator;
 * {@code ModelWorker} gives each of its requests a generator of its own on a batched session.
 */
public final class Generator {

    private final GemmaModel model;
    private final GemmaTokenizer tokenizer;
    private final GemmaSession session;
    private final int contextTokens;

    public Generator(GemmaModel model, GemmaTokenizer tokenizer) {
        this(model, tokenizer, model.newSession());
    }

    /** A generator on a session of the caller's making (e.g. one whose steps a batch scheduler runs). */
    public Generator(GemmaModel model, GemmaTokenizer tokenizer, GemmaSession session) {
        this.model = model;
        this.tokenizer = tokenizer;
        this.session = session;
        this.contextTokens = model.config().maxPositionEmbeddings();
    }

    public GenerationResult generate(GenerationRequest request) {
        return generate(request, () -> false);
    }

    /** As {@link #generate(GenerationRequest)}, checking {@code cancelled} between tokens. */
    public GenerationResult generate(GenerationRequest request, BooleanSupplier cancelled) {
        int promptLength = request.promptTokens().length;
        if (promptLength + request.maxNewTokens() > contextTokens) {
            throw new ContextOverflowException(promptLength, request.maxNewTokens(), contextTokens);
        }
        Sampler sampler = new Sampler(request.sampling());
        session.reset();
        long start = System.nanoTime();
        float[] logits = session.prefill(request.promptTokens());
        long prefilled = System.nanoTime();
        DecodeLoop.Decoded decoded = DecodeLoop.run(logits, session::decode, sampler, request.maxNewTokens(),
                tokenizer.endOfTurnId(), tokenizer.eosId(), cancelled);
        int[] tokens = decoded.tokens();
        StopReason stop = decoded.stopReason();
        return new GenerationResult(tokenizer.decode(tokens), tokens, stop, promptLength,
                prefilled - start, System.nanoTime() - prefilled);
    }

    /** The soft-capped next-token logits after every position of {@code tokens}. */
    public float[][] logits(int[] tokens) {
        if (tokens.length > contextTokens) {
            throw new ContextOverflowException(tokens.length, 0, contextTokens);
        }
        session.reset();
        return session.prefillAll(tokens);
    }

    public GemmaTokenizer tokenizer() {
        return tokenizer;
    }

    public GemmaModel model() {
        return model;
    }

    public int contextTokens() {
        return contextTokens;
    }

    /** The session, for scoring that shares a prefix across several continuations. */
    GemmaSession session() {
        return session;
    }
}
