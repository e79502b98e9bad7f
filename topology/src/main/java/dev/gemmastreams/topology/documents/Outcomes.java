package dev.gemmastreams.topology.documents;

import java.time.Instant;

import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.avro.internal.DocumentOutcome;

/** A cached outcome published again for a duplicate: same results, under the new id, marked as cached. */
final class Outcomes {

    private Outcomes() {
    }

    static DocumentOutcome replay(DocumentOutcome cached, String documentId, Instant now) {
        Summary summary = Summary.newBuilder(cached.getSummary())
                .setDocumentId(documentId)
                .setCreatedAt(now)
                .setGeneration(dev.gemmastreams.avro.Generation.newBuilder(cached.getSummary().getGeneration())
                        .setCached(true).build())
                .build();
        return DocumentOutcome.newBuilder()
                .setSummary(summary)
                .setVerdicts(cached.getVerdicts().stream()
                        .map(v -> SafetyVerdict.newBuilder(v).setSubjectId(documentId).setCreatedAt(now).build())
                        .toList())
                .build();
    }
}
