package dev.gemmastreams.topology.documents;

import java.util.ArrayList;
import java.util.List;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.SafetyStage;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.SubjectType;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentOutcome;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.engine.SafetyAssessment;
import dev.gemmastreams.topology.engine.SafetyDecision;
import dev.gemmastreams.topology.engine.Summarization;
import dev.gemmastreams.topology.results.ContentHash;
import dev.gemmastreams.topology.results.EngineCalls;
import dev.gemmastreams.topology.results.Verdicts;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Input safety, then the summary, then output safety, for one valid document. Results are cached by content hash,
 * model and prompt version (and safety version): the record key here is that cache key (see {@link DocumentOrigin}),
 * so every copy of a text, under any id and from any partition, comes to this one task and a duplicate or a replay
 * costs no model time. An engine failure after its retries is thrown to the streams error handler, which makes it
 * a dead letter pointing at the original documents record.
 */
public final class SummarizeDocument implements FixedKeyProcessor<String, DocumentWork, DocumentWork> {

    public static final String KIND = "summary";

    private final TopologyServices services;
    private final EngineCalls engine;
    private final MapReduceSummarizer mapReduce;
    private FixedKeyProcessorContext<String, DocumentWork> context;
    private KeyValueStore<String, DocumentOutcome> cache;

    public SummarizeDocument(TopologyServices services, EngineCalls engine) {
        this.services = services;
        this.engine = engine;
        this.mapReduce = new MapReduceSummarizer(services.summarizer(), services.tokens());
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DocumentWork> context) {
        this.context = context;
        this.cache = context.getStateStore(StoreNames.SUMMARY_CACHE);
    }

    @Override
    public void process(FixedKeyRecord<String, DocumentWork> record) {
        DocumentWork work = record.value();
        Document document = work.getDocument();
        ModelRef model = services.summarizer().model();
        String textHash = ContentHash.sha256(document.getText());
        DocumentOutcome cached = cache.get(work.getCacheKey());
        DocumentOutcome outcome;
        if (cached != null) {
            services.metrics().cacheHit(KIND);
            outcome = Outcomes.replay(cached, document.getId(), services.clock().instant());
        } else {
            services.metrics().cacheMiss(KIND);
            outcome = summarize(document, textHash, model);
            cache.put(work.getCacheKey(), outcome);
        }
        services.metrics().result(KIND, outcome.getSummary().getStatus().name());
        context.forward(record.withValue(DocumentWork.newBuilder(work).setOutcome(outcome).build()));
    }

    private DocumentOutcome summarize(Document document, String textHash, ModelRef model) {
        List<SafetyVerdict> verdicts = new ArrayList<>();
        SafetyAssessment input = services.safety().assessInput(document.getText(), document.getLanguage());
        verdicts.add(verdict(document, SafetyStage.INPUT, input));
        if (input.decision() == SafetyDecision.BLOCK) {
            return outcome(summary(document, textHash, Status.BLOCKED, null, input.reason(), 1,
                    GenerationStats.none(model.modelId(), model.promptVersion())), verdicts);
        }
        Summarization summarization = engine.call("Summarizing document '" + document.getId() + "'",
                () -> mapReduce.summarize(input.text()));
        services.metrics().modelCall(KIND, summarization.stats());
        services.metrics().documentParts(summarization.parts());
        SafetyAssessment output = services.safety().assessOutput(input.text(), summarization.text());
        verdicts.add(verdict(document, SafetyStage.OUTPUT, output));
        if (output.decision() == SafetyDecision.WITHHOLD || output.decision() == SafetyDecision.BLOCK) {
            return outcome(summary(document, textHash, Status.WITHHELD, null, output.reason(),
                    summarization.parts(), summarization.stats()), verdicts);
        }
        return outcome(summary(document, textHash, Status.OK, output.text(), null, summarization.parts(),
                summarization.stats()), verdicts);
    }

    private SafetyVerdict verdict(Document document, SafetyStage stage, SafetyAssessment assessment) {
        services.metrics().safetyDecision(stage.name(), assessment.decision().name());
        return Verdicts.of(document.getId(), SubjectType.DOCUMENT, stage, assessment, services.clock().instant());
    }

    private Summary summary(Document document, String textHash, Status status, String text, String reason, int parts,
                            GenerationStats stats) {
        return Summary.newBuilder()
                .setDocumentId(document.getId())
                .setStatus(status)
                .setSummary(text)
                .setReason(reason)
                .setParts(parts)
                .setContentHash(textHash)
                .setGeneration(Verdicts.generation(stats, false))
                .setCreatedAt(services.clock().instant())
                .build();
    }

    private static DocumentOutcome outcome(Summary summary, List<SafetyVerdict> verdicts) {
        return DocumentOutcome.newBuilder().setSummary(summary).setVerdicts(verdicts).build();
    }
}
