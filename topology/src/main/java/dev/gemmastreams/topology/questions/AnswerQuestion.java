package dev.gemmastreams.topology.questions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.Evidence;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyStage;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.SubjectType;
import dev.gemmastreams.avro.internal.QuestionOutcome;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.engine.Answering;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.Passage;
import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyDecision;
import dev.gemmastreams.topology.results.EngineCalls;
import dev.gemmastreams.topology.results.Verdicts;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Answers a resolved question in the task of its answer-cache key (see {@link ResolveQuestion}): every copy of one
 * question over one text, under any id, from any partition, comes to this one task, so a duplicate or a replay
 * costs no model time. The text is cut into passages, BM25 picks the relevant ones that fit the prompt, the answer
 * cites them. An engine failure after its retries is thrown to the streams error handler, which makes it a dead
 * letter pointing at the original questions record.
 */
public final class AnswerQuestion implements FixedKeyProcessor<String, QuestionWork, QuestionWork> {

    public static final String KIND = "answer";

    private final TopologyServices services;
    private final EngineCalls engine;
    private final PassageSplitter splitter;
    private final PassagePacker packer;
    private final Bm25Ranker ranker = new Bm25Ranker();

    private FixedKeyProcessorContext<String, QuestionWork> context;
    private KeyValueStore<String, QuestionOutcome> cache;

    public AnswerQuestion(TopologyServices services, TopologySettings settings, EngineCalls engine) {
        this.services = services;
        this.engine = engine;
        this.splitter = new PassageSplitter(services.tokens(), settings.passageTokens());
        this.packer = new PassagePacker(settings.answerContextTokens());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, QuestionWork> context) {
        this.context = context;
        this.cache = context.getStateStore(StoreNames.ANSWER_CACHE);
    }

    @Override
    public void process(FixedKeyRecord<String, QuestionWork> record) {
        QuestionWork work = record.value();
        Question question = work.getQuestion();
        String documentId = work.getDocumentId();
        QuestionOutcome cached = cache.get(work.getCacheKey());
        QuestionOutcome outcome;
        if (cached != null) {
            services.metrics().cacheHit(KIND);
            outcome = replay(cached, question, documentId);
        } else {
            services.metrics().cacheMiss(KIND);
            String text = documentId == null ? question.getContext() : work.getText();
            outcome = answerFresh(question, text, documentId, services.answerer().model());
            cache.put(work.getCacheKey(), outcome);
        }
        services.metrics().result(KIND, outcome.getAnswer().getStatus().name());
        // The text is not needed on the way back to the task of the question id.
        context.forward(record.withValue(QuestionWork.newBuilder(work).setText(null).setOutcome(outcome).build()));
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
}
