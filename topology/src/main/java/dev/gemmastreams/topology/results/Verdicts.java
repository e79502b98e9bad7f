package dev.gemmastreams.topology.results;

import java.time.Instant;

import dev.gemmastreams.avro.Decision;
import dev.gemmastreams.avro.Generation;
import dev.gemmastreams.avro.PiiFinding;
import dev.gemmastreams.avro.PolicyScore;
import dev.gemmastreams.avro.SafetyStage;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.SubjectType;
import dev.gemmastreams.topology.engine.GenerationStats;
import dev.gemmastreams.topology.engine.SafetyAssessment;

/** Turns engine-side results into the published Avro records. */
public final class Verdicts {

    private Verdicts() {
    }

    public static SafetyVerdict of(String subjectId, SubjectType type, SafetyStage stage, SafetyAssessment assessment,
                                   Instant now) {
        return SafetyVerdict.newBuilder()
                .setSubjectId(subjectId)
                .setSubjectType(type)
                .setStage(stage)
                .setDecision(Decision.valueOf(assessment.decision().name()))
                .setPolicyScores(assessment.policies().stream().map(p -> PolicyScore.newBuilder()
                        .setPolicy(p.policy()).setScore(p.score()).setThreshold(p.threshold())
                        .setViolated(p.violated()).build()).toList())
                .setPiiFindings(assessment.pii().stream().map(f -> PiiFinding.newBuilder()
                        .setType(f.type()).setStart(f.start()).setEnd(f.end()).build()).toList())
                .setReason(assessment.reason())
                .setGeneration(assessment.stats() == null ? null : generation(assessment.stats(), false))
                .setCreatedAt(now)
                .build();
    }

    public static Generation generation(GenerationStats stats, boolean cached) {
        return Generation.newBuilder()
                .setModelId(stats.modelId())
                .setPromptVersion(stats.promptVersion())
                .setPromptTokens(stats.promptTokens())
                .setCompletionTokens(stats.completionTokens())
                .setQueueMillis(stats.queueMillis())
                .setPrefillMillis(stats.prefillMillis())
                .setDecodeMillis(stats.decodeMillis())
                .setCached(cached)
                .build();
    }
}
