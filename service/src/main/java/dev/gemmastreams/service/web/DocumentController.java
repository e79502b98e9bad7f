package dev.gemmastreams.service.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Generation;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.topology.StoreNames;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Documents, summaries and answers served from the state stores (interactive queries). */
@RestController
public class DocumentController {

    private final StoreQueries queries;

    public DocumentController(StoreQueries queries) {
        this.queries = queries;
    }

    // Two forms of each look-up: the id as a path segment (percent-encoded, '/' as %2F included), and the id as a
    // query parameter, which reaches every id Kafka accepts ("." and ".." too, which no path segment can carry).

    @GetMapping("/documents/{id}")
    public ResponseEntity<?> document(@PathVariable String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return documentById(id, forwarded);
    }

    @GetMapping(path = "/documents", params = "id")
    public ResponseEntity<?> documentById(@RequestParam String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return queries.<Document>lookup(StoreNames.DOCUMENTS, id, "/documents", "document", DocumentView::of,
                forwarded);
    }

    @GetMapping("/documents/{id}/summary")
    public ResponseEntity<?> summary(@PathVariable String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return summaryById(id, forwarded);
    }

    @GetMapping(path = "/documents/summary", params = "id")
    public ResponseEntity<?> summaryById(@RequestParam String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return queries.<Summary>lookup(StoreNames.SUMMARIES, id, "/documents/summary", "summary", SummaryView::of,
                forwarded);
    }

    @GetMapping("/questions/{id}/answer")
    public ResponseEntity<?> answer(@PathVariable String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return answerById(id, forwarded);
    }

    @GetMapping(path = "/questions/answer", params = "id")
    public ResponseEntity<?> answerById(@RequestParam String id,
            @RequestHeader(name = PeerQueries.FORWARDED, defaultValue = "false") boolean forwarded) {
        return queries.<Answer>lookup(StoreNames.ANSWERS, id, "/questions/answer", "answer", AnswerView::of,
                forwarded);
    }

    /** The JSON shape of a document. */
    public record DocumentView(String id, String title, String source, String language, String contentType,
                               int characters, String text, Map<String, String> metadata) {
        static DocumentView of(Document d) {
            return new DocumentView(d.getId(), d.getTitle(), d.getSource(), d.getLanguage(), d.getContentType(),
                    d.getText().length(), d.getText(), d.getMetadata());
        }
    }

    /** Model, prompt and cost of a result. */
    public record GenerationView(String modelId, String promptVersion, int promptTokens, int completionTokens,
                                 long queueMillis, long prefillMillis, long decodeMillis, boolean cached) {
        static GenerationView of(Generation g) {
            return new GenerationView(g.getModelId(), g.getPromptVersion(), g.getPromptTokens(),
                    g.getCompletionTokens(), g.getQueueMillis(), g.getPrefillMillis(), g.getDecodeMillis(),
                    g.getCached());
        }
    }

    public record SummaryView(String documentId, String status, String summary, String reason, int parts,
                              String contentHash, GenerationView generation, Instant createdAt) {
        static SummaryView of(Summary s) {
            return new SummaryView(s.getDocumentId(), s.getStatus().name(), s.getSummary(), s.getReason(),
                    s.getParts(), s.getContentHash(), GenerationView.of(s.getGeneration()), s.getCreatedAt());
        }
    }

    public record EvidenceView(int passageId, int start, int end, double score) {
    }

    public record AnswerView(String questionId, String documentId, String status, String answer, String reason,
                             List<EvidenceView> evidence, GenerationView generation, Instant createdAt) {
        static AnswerView of(Answer a) {
            return new AnswerView(a.getQuestionId(), a.getDocumentId(), a.getStatus().name(), a.getAnswer(),
                    a.getReason(), a.getEvidence().stream().map(e -> new EvidenceView(e.getPassageId(), e.getStart(),
                    e.getEnd(), e.getScore())).toList(), GenerationView.of(a.getGeneration()), a.getCreatedAt());
        }
    }
}
