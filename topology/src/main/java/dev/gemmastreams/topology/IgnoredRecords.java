package dev.gemmastreams.topology;

import org.apache.kafka.streams.kstream.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records that by definition have no outcome, each skipped with a log line so that none disappears unseen:
 * a tombstone without a key (it deletes nothing), and a tombstone on questions (questions are requests, not
 * state: an answer once given stays).
 */
final class IgnoredRecords {

    private static final Logger log = LoggerFactory.getLogger(IgnoredRecords.class);

    private IgnoredRecords() {
    }

    /** Passes every record but a tombstone without a key. */
    static <V> Predicate<String, V> skipKeylessTombstones(String topic) {
        return (key, value) -> {
            if (key == null && value == null) {
                log.info("Ignoring a tombstone without a key on {}: it names nothing to delete", topic);
                return false;
            }
            return true;
        };
    }

    /** Passes every question but tombstones. */
    static <V> Predicate<String, V> skipQuestionTombstones() {
        return (key, value) -> {
            if (value == null) {
                log.info("Ignoring the tombstone for question '{}': a question is a request, its answer stays", key);
                return false;
            }
            return true;
        };
    }
}
