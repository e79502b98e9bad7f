package dev.gemmastreams.service.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.function.Function;

import dev.gemmastreams.service.streams.StreamsService;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueStore;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;

/**
 * A query that cannot be answered right now (Kafka Streams starting, or rebalancing before the key has an owner)
 * is a retryable 503 with Retry-After and a JSON reason, never a 500.
 */
class StoreQueriesTest {

    private static final String STORE = "values";

    @TempDir
    Path stateDir;

    @Test
    void beforeKafkaStreamsStartsTheAnswerIsRetryLater() {
        StoreQueries queries = new StoreQueries(new FixedStreams(null), new PeerQueries());

        assertRetryLater(queries.lookup(STORE, "k", "/x/k", "value", Function.identity(), false));
    }

    @Test
    void whileRebalancingBeforeTheKeyHasAnOwnerTheAnswerIsRetryLater() throws Exception {
        try (KafkaStreams streams = unreachableCluster()) {
            streams.start();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> streams.state() == KafkaStreams.State.REBALANCING);
            StoreQueries queries = new StoreQueries(new FixedStreams(streams), new PeerQueries());

            assertRetryLater(queries.lookup(STORE, "k", "/x/k", "value", Function.identity(), false));
            streams.close(Duration.ofSeconds(5));
        }
    }

    private static void assertRetryLater(ResponseEntity<?> answer) {
        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("2");
        assertThat(answer.getBody()).isInstanceOf(JsonError.class);
        assertThat(((JsonError) answer.getBody()).message()).isNotBlank();
    }

    /** A real Kafka Streams instance whose cluster never answers: it stays REBALANCING, owning nothing. */
    private KafkaStreams unreachableCluster() throws Exception {
        StreamsBuilder builder = new StreamsBuilder();
        builder.table("input", Consumed.with(Serdes.String(), Serdes.String()),
                Materialized.<String, String, KeyValueStore<Bytes, byte[]>>as(STORE));
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "store-queries-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + freePort());
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createDirectories(stateDir.resolve("state")).toString());
        config.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "localhost:1");
        return new KafkaStreams(builder.build(), config);
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** The service's streams as the web layer sees them; nothing else of the service is needed here. */
    private static final class FixedStreams extends StreamsService {
        private final KafkaStreams streams;

        FixedStreams(KafkaStreams streams) {
            super(null, null, null, null, null, null, null, null, null, null, null);
            this.streams = streams;
        }

        @Override
        public KafkaStreams streams() {
            return streams;
        }

        @Override
        public HostInfo self() {
            return new HostInfo("localhost", 1);
        }
    }
}
