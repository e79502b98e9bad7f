package dev.gemmastreams.topology.questions;

import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.internal.QuestionWork;

/**
 * What resolving a question leads to: its work for the content stage (the question with its text and cache key),
 * or a dead letter when its document never came.
 */
public sealed interface QuestionResult {

    record Resolved(QuestionWork work) implements QuestionResult {
    }

    record Expired(DeadLetter deadLetter) implements QuestionResult {
    }
}
