package dev.gemmastreams.service.engine;

import java.util.List;

import dev.gemmastreams.engine.prompts.Prompts;
import dev.gemmastreams.topology.engine.Answerer;
import dev.gemmastreams.topology.engine.Answering;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Passage;

/** Answers by Gemma from numbered passages, with the versioned answer prompt. */
public final class GemmaAnswerer implements Answerer {

    private final ModelCalls calls;
    private final int maxAnswerTokens;

    public GemmaAnswerer(ModelCalls calls, int maxAnswerTokens) {
        this.calls = calls;
        this.maxAnswerTokens = maxAnswerTokens;
    }

    /** Tokens of passages an answer prompt can hold within the context. */
    public static int passageBudget(ModelCalls calls, int contextTokens, int maxAnswerTokens, int maxQuestionTokens) {
        int instructions = calls.tokens(Prompts.answer("", List.of()));
        return contextTokens - calls.chatOverheadTokens() - instructions - maxQuestionTokens - maxAnswerTokens - 64;
    }

    @Override
    public Answering answer(String question, List<Passage> passages) {
        ModelCalls.Reply reply = calls.generate(Prompts.answer(question, passages.stream().map(Passage::text).toList()),
                maxAnswerTokens, Prompts.ANSWER_VERSION);
        return new Answering(reply.text(), reply.stats());
    }

    @Override
    public ModelRef model() {
        return new ModelRef(calls.modelId(), Prompts.ANSWER_VERSION);
    }
}
