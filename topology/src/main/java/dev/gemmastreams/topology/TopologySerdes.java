package dev.gemmastreams.topology;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentOutcome;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionOutcome;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.schemas.registry.SchemaRegistry;
import dev.gemmastreams.schemas.serde.SpecificAvroSerde;
import org.apache.kafka.common.serialization.Serde;

/** The value serdes of the topology, all Avro in the registry's wire format. */
public record TopologySerdes(
        Serde<Document> documents,
        Serde<Question> questions,
        Serde<Summary> summaries,
        Serde<Answer> answers,
        Serde<SafetyVerdict> verdicts,
        Serde<DeadLetter> deadLetters,
        Serde<DocumentOutcome> documentOutcomes,
        Serde<QuestionOutcome> questionOutcomes,
        Serde<PendingQuestion> pendingQuestions,
        Serde<DocumentWork> documentWork,
        Serde<QuestionWork> questionWork) {

    public static TopologySerdes using(SchemaRegistry registry) {
        return new TopologySerdes(
                new SpecificAvroSerde<>(registry, Document.class),
                new SpecificAvroSerde<>(registry, Question.class),
                new SpecificAvroSerde<>(registry, Summary.class),
                new SpecificAvroSerde<>(registry, Answer.class),
                new SpecificAvroSerde<>(registry, SafetyVerdict.class),
                new SpecificAvroSerde<>(registry, DeadLetter.class),
                new SpecificAvroSerde<>(registry, DocumentOutcome.class),
                new SpecificAvroSerde<>(registry, QuestionOutcome.class),
                new SpecificAvroSerde<>(registry, PendingQuestion.class),
                new SpecificAvroSerde<>(registry, DocumentWork.class),
                new SpecificAvroSerde<>(registry, QuestionWork.class));
    }
}
