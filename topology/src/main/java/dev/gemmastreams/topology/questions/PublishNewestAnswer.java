package dev.gemmastreams.topology.questions;

import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.topology.StoreNames;
import dev.gemmastreams.topology.results.TopologyMetrics;
import org.apache.kafka.streams.processor.api.FixedKeyProcessor;
import org.apache.kafka.streams.processor.api.FixedKeyProcessorContext;
import org.apache.kafka.streams.processor.api.FixedKeyRecord;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordering point of one question id's answers: two versions of an id with different texts are answered in the
 * tasks of their contents and may come back in either order, so an answer older on the questions topic than one
 * already published for its id is dropped as superseded, and the answers table and the compacted topic end with
 * the newest version. Offsets only order records of one partition: versions of one id sent without a key (on
 * different partitions) are published in the order their answers come back.
 */
public final class PublishNewestAnswer implements FixedKeyProcessor<String, QuestionWork, QuestionWork> {

    public static final String SUPERSEDED = "SUPERSEDED";
    private static final Logger log = LoggerFactory.getLogger(PublishNewestAnswer.class);

    private final TopologyMetrics metrics;
    private FixedKeyProcessorContext<String, QuestionWork> context;
    private KeyValueStore<String, Long> published;

    public PublishNewestAnswer(TopologyMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void init(FixedKeyProcessorContext<String, QuestionWork> context) {
        this.context = context;
        this.published = context.getStateStore(StoreNames.PUBLISHED_ANSWER_OFFSETS);
    }

    @Override
    public void process(FixedKeyRecord<String, QuestionWork> record) {
        QuestionWork work = record.value();
        String origin = work.getPartition() + "/" + record.key();
        Long newest = published.get(origin);
        if (newest != null && work.getOffset() < newest) {
            log.info("Dropping the answer of question '{}' from {}-{}@{}: superseded by the version at offset {}",
                    record.key(), work.getTopic(), work.getPartition(), work.getOffset(), newest);
            metrics.result(AnswerQuestion.KIND, SUPERSEDED);
            return;
        }
        published.put(origin, work.getOffset());
        context.forward(record);
    }
}
