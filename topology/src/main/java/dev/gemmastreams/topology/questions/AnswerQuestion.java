package dev.gemmastreams.topology.questions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Evidence;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyStage;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.SubjectType;
import dev.gemmastreams.avro.internal.PendingQuestion;
import dev.gemmastreams.avro.internal.QuestionOutcome;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.engine.Answering;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Passage;
import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyDecision;
import dev.gemmastreams.topology.errors.OriginalBytes;
import dev.gemmastreams.topology.results.ContentHash;
import dev.gemmastreams.topology.results.EngineCalls;
import dev.gemmastreams.topology.results.Verdicts;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.TimestampedKeyValueStore;
import org.apache.kafka.streams.state.ValueAndTimestamp;

/**
 * Answers a valid question from its document (looked up in the documents table) or its inline context: the
 * document is cut into passages, BM25 picks the relevant ones that fit the prompt, the answer cites them.
 * A question whose document has not arrived waits in a store, is looked at again every
 * {@code pendingCheckInterval}, and becomes a dead letter after {@code questionWait}.
 */
public final class AnswerQuestion implements Processor<String, PendingQuestion, String, QuestionResult> {

    static final String KIND = "answer";
    static final String JOIN_STAGE = "join";

    private final TopologyServices services;
    private final TopologySettings settings;
    private final EngineCalls engine;
    private final Serializer<Question> questionBytes;
    private final PassageSplitter splitter;
    private final PassagePacker packer;
    private final Bm25Ranker ranker = new Bm25Ranker();

    private ProcessorContext<String, QuestionResult> context;
    private TimestampedKeyValueStore<String, Document> documents;
    private KeyValueStore<String, PendingQuestion> pending;
    private KeyValueStore<String, QuestionOutcome> cache;

    public AnswerQuestion(TopologyServices services, TopologySettings settings, EngineCalls engine,
                          Serializer<Question> questionBytes) {
        this.services = services;
        this.settings = settings;
        this.engine = engine;
        this.questionBytes = questionBytes;
        this.splitter = new PassageSplitter(services.tokens(), settings.passageTokens());
        this.packer = new PassagePacker(settings.answerContextTokens());
    }

    @Override
    public void init(ProcessorContext<String, QuestionResult> context) {
        this.context = context;
        this.documents = context.getStateStore(StoreNames.DOCUMENTS);
        this.pending = context.getStateStore(StoreNames.PENDING_QUESTIONS);
        this.cache = context.getStateStore(StoreNames.ANSWER_CACHE);
        context.schedule(settings.pendingCheckInterval(), PunctuationType.WALL_CLOCK_TIME, now -> retryPending());
    }

    @Override
    public void process(Record<String, PendingQuestion> record) {
        // Records arrive keyed by their document id (so the document is in this task's store); results are keyed
        // by question id.
        PendingQuestion arrived = record.value();
        Question question = arrived.getQuestion();
        String questionId = question.getId();
        if (question.getContext() != null) {
            forward(questionId, answer(question, question.getContext(), null));
            return;
        }
        Document document = document(question.getDocumentId());
        if (document != null) {
            forward(questionId, answer(question, document.getText(), document.getId()));
            return;
        }
        pending.put(questionId, arrived);
    }

    /** Answers waiting questions whose document has arrived; gives up on those that waited too long. */
    private void retryPending() {
        Instant now = services.clock().instant();
        List<KeyValue<String, PendingQuestion>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, PendingQuestion> all = pending.all()) {
            all.forEachRemaining(waiting::add);
        }
        for (KeyValue<String, PendingQuestion> entry : waiting) {
            Question question = entry.value.getQuestion();
            Document document = document(question.getDocumentId());
            if (document != null) {
                pending.delete(entry.key);
                forward(entry.key, answer(question, document.getText(), document.getId()));
            } else if (Duration.between(entry.value.getReceivedAt(), now).compareTo(settings.questionWait()) >= 0) {
                pending.delete(entry.key);
                services.metrics().deadLetter(JOIN_STAGE, "DOCUMENT_NOT_FOUND");
                context.forward(new Record<>(entry.key,
                        new QuestionResult.Expired(expired(entry.key, entry.value, now)), now.toEpochMilli()));
            }
        }
    }

    private DeadLetter expired(String key, PendingQuestion waiting, Instant now) {
        byte[] value = questionBytes.serialize(waiting.getTopic(), waiting.getQuestion());
        DeadLetter.Builder letter = DeadLetter.newBuilder()
                .setOriginalTopic(waiting.getTopic())
                .setOriginalPartition(waiting.getPartition())
                .setOriginalOffset(waiting.getOffset())
                .setStage(JOIN_STAGE)
                .setErrorType("DOCUMENT_NOT_FOUND")
                .setError(OriginalBytes.boundedError("Question '" + waiting.getQuestion().getId() + "' waited "
                        + settings.questionWait() + " for document '" + waiting.getQuestion().getDocumentId()
                        + "', which never arrived"))
                .setFailedAt(now);
        OriginalBytes.fill(letter, key.getBytes(StandardCharsets.UTF_8), value, settings.deadLetterOriginalBytes());
        return letter.build();
    }

    private Document document(String id) {
        ValueAndTimestamp<Document> stored = documents.get(id);
        return stored == null ? null : stored.value();
    }

    private QuestionOutcome answer(Question question, String text, String documentId) {
        ModelRef model = services.answerer().model();
        // Input safety judges an inline question with its context but a document question without the document,
        // so the same words over the same text are two different outcomes: the kind is part of the key.
        String kind = question.getContext() == null ? "document" : "inline";
        String cacheKey = ContentHash.sha256(kind, question.getQuestion(), ContentHash.sha256(text), model.modelId(),
                model.promptVersion(), services.safety().version(), String.valueOf(settings.passageTokens()),
                String.valueOf(settings.answerContextTokens()));
        QuestionOutcome cached = cache.get(cacheKey);
        QuestionOutcome outcome;
        if (cached != null) {
            services.metrics().cacheHit(KIND);
            outcome = replay(cached, question, documentId);
        } else {
            services.metrics().cacheMiss(KIND);
            outcome = answerFresh(question, text, documentId, model);
            cache.put(cacheKey, outcome);
        }
        services.metrics().result(KIND, outcome.getAnswer().getStatus().name());
        return outcome;
    }

    private QuestionOutcome answerFresh(Question question, String text, String documentId, ModelRef model) {
        List<SafetyVerdict> verdicts = new ArrayList<>();
        String asked = question.getContext() == null ? question.getQuestion()
                : question.getQuestion() + "\n\n" + question.getContext();
        SafetyAssessment input = services.safety().assessInput(asked);
        verdicts.add(verdict(question, SafetyStage.INPUT, input));
        if (input.decision() == SafetyDecision.BLOCK) {
            return outcome(answer(question, documentId, Status.BLOCKED, null, input.reason(), List.of(),
                    GenerationStats.none(model.modelId(), model.promptVersion())), verdicts);
        }
        List<Passage> passages = packer.pack(ranker.score(question.getQuestion(), splitter.split(text)));
        Answering answering = engine.call("Answering question '" + question.getId() + "'",
                () -> services.answerer().answer(question.getQuestion(), passages));
        services.metrics().modelCall(KIND, answering.stats());
        SafetyAssessment output = services.safety().assessOutput(question.getQuestion(), answering.text());
        verdicts.add(verdict(question, SafetyStage.OUTPUT, output));
        if (output.decision() == SafetyDecision.WITHHOLD || output.decision() == SafetyDecision.BLOCK) {
            return outcome(answer(question, documentId, Status.WITHHELD, null, output.reason(), passages,
                    answering.stats()), verdicts);
        }
        return outcome(answer(question, documentId, Status.OK, output.text(), null, passages, answering.stats()),
                verdicts);
    }

    private SafetyVerdict verdict(Question question, SafetyStage stage, SafetyAssessment assessment) {
        services.metrics().safetyDecision(stage.name(), assessment.decision().name());
        return Verdicts.of(question.getId(), SubjectType.QUESTION, stage, assessment, services.clock().instant());
    }

    private Answer answer(Question question, String documentId, Status status, String text, String reason,
                          List<Passage> passages, GenerationStats stats) {
        return Answer.newBuilder()
                .setQuestionId(question.getId())
                .setDocumentId(documentId)
                .setStatus(status)
                .setAnswer(text)
                .setReason(reason)
                .setEvidence(passages.stream().map(p -> Evidence.newBuilder().setPassageId(p.id())
                        .setStart(p.start()).setEnd(p.end()).setScore(p.score()).build()).toList())
                .setGeneration(Verdicts.generation(stats, false))
                .setCreatedAt(services.clock().instant())
                .build();
    }

    private QuestionOutcome replay(QuestionOutcome cached, Question question, String documentId) {
        Instant now = services.clock().instant();
        Answer answer = Answer.newBuilder(cached.getAnswer())
                .setQuestionId(question.getId())
                .setDocumentId(documentId)
                .setCreatedAt(now)
                .setGeneration(dev.gemmastreams.avro.Generation.newBuilder(cached.getAnswer().getGeneration())
                        .setCached(true).build())
                .build();
        return QuestionOutcome.newBuilder().setAnswer(answer).setVerdicts(cached.getVerdicts().stream()
                .map(v -> SafetyVerdict.newBuilder(v).setSubjectId(question.getId()).setCreatedAt(now).build())
                .toList()).build();
    }

    private static QuestionOutcome outcome(Answer answer, List<SafetyVerdict> verdicts) {
        return QuestionOutcome.newBuilder().setAnswer(answer).setVerdicts(verdicts).build();
    }

    private void forward(String key, QuestionOutcome outcome) {
        context.forward(new Record<>(key, new QuestionResult.Answered(outcome), services.clock().millis()));
    }
}
