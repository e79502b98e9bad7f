package dev.gemmastreams.topology.documents;

import dev.gemmastreams.avro.internal.DocumentWork;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.results.TopologyMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordering point of one document id's results: two versions of an id with different texts are summarized in
 * the tasks of their contents and may come back in either order, so a result (or deletion) older on the documents
 * topic than one already published for its id is dropped as superseded. The summaries table and the compacted
 * topic therefore always end with the newest version, and a late summary cannot bring back a deleted document.
 */
public final class PublishNewest implements FixedKeyProcessor<String, DocumentWork, DocumentWork> {

    public static final String SUPERSEDED = "SUPERSEDED";
    private static final Logger log = LoggerFactory.getLogger(PublishNewest.class);

    private final TopologyMetrics metrics;
    private FixedKeyProcessorContext<String, DocumentWork> context;
    private KeyValueStore<String, Long> published;

    public PublishNewest(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, DocumentWork> context) {
        this.context = context;
        this.published = context.getStateStore(StoreNames.PUBLISHED_OFFSETS);
    }

    @Override
    public void process(FixedKeyRecord<String, DocumentWork> record) {
        DocumentWork work = record.value();
        Long newest = published.get(record.key());
        if (newest != null && work.getOffset() < newest) {
            log.info("Dropping the {} of document '{}' from {}-{}@{}: superseded by the version at offset {}",
                    work.getOutcome() == null ? "deletion" : "summary", record.key(), work.getTopic(),
                    work.getPartition(), work.getOffset(), newest);
            metrics.result(SummarizeDocument.KIND, SUPERSEDED);
            return;
        }
        published.put(record.key(), work.getOffset());
        context.forward(record);
    }
}
