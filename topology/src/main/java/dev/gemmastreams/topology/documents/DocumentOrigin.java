package dev.gemmastreams.topology.documents;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.engine.ModelRef;
import dev.gemmastreams.topology.results.ContentHash;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.processor.api.RecordMetadata;

/**
 * Notes where a document (or its deletion) came from on the documents topic, and the cache key of its text,
 * before it is re-keyed by that key: the task of the content makes the one model call for it, a failure there
 * points at the original record, and the source offset keeps each id's results in order on the way back.
 */
public final class DocumentOrigin implements FixedKeyProcessor<String, Document, DocumentWork> {

    private final TopologyServices services;
    private FixedKeyProcessorContext<String, DocumentWork> context;

    public DocumentOrigin(TopologyServices services) {
        this.services = services;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DocumentWork> context) {
        this.context = context;
    }

    @Override
    public void process(FixedKeyRecord<String, Document> record) {
        RecordMetadata source = context.recordMetadata().orElseThrow();
        Document document = record.value();
        context.forward(record.withValue(DocumentWork.newBuilder()
                .setDocument(document)
                .setCacheKey(document == null ? null : cacheKey(document))
                .setTopic(source.topic())
                .setPartition(source.partition())
                .setOffset(source.offset())
                .build()));
    }

    /**
     * Text, model, prompt and safety configuration; and the language when the document names one, because input
     * safety reads phone numbers by it (documents without a language keep the key they always had).
     */
    private String cacheKey(Document document) {
        ModelRef model = services.summarizer().model();
        String textHash = ContentHash.sha256(document.getText());
        String safety = services.safety().version();
        return document.getLanguage() == null
                ? ContentHash.sha256(textHash, model.modelId(), model.promptVersion(), safety)
                : ContentHash.sha256(textHash, model.modelId(), model.promptVersion(), safety, document.getLanguage());
    }
}
