package dev.gemmastreams.topology.questions;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.internal.QuestionOutcome;

/** What a question leads to: an answer (with its verdicts), or a dead letter when its document never came. */
public sealed interface QuestionResult {

    record Answered(QuestionOutcome outcome) implements QuestionResult {
    }

    record Expired(DeadLetter deadLetter) implements QuestionResult {
    }
}
