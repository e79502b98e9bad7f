package dev.gemmastreams.topology.questions;

import dev.gemmastreams.avro.Question;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.results.ContentHash;

/**
 * The answer-cache key of a question over a text: everything its outcome depends on. Questions are routed by it to
 * the task that owns that key's cache, so one distinct question over one distinct text costs one model call.
 */
final class AnswerCacheKey {

    private final TopologyServices services;
    private final TopologySettings settings;

    AnswerCacheKey(TopologyServices services, TopologySettings settings) {
        this.services = services;
        this.settings = settings;
    }

    String of(Question question, String text) {
        ModelRef model = services.answerer().model();
        // Input safety judges an inline question with its context but a document question without the document,
        // so the same words over the same text are two different outcomes: the kind is part of the key.
        String kind = question.getContext() == null ? "document" : "inline";
        return ContentHash.sha256(kind, question.getQuestion(), ContentHash.sha256(text), model.modelId(),
                model.promptVersion(), services.safety().version(), String.valueOf(settings.passageTokens()),
                String.valueOf(settings.answerContextTokens()));
    }
}
