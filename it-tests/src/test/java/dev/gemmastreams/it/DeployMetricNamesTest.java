package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Grafana dashboards and the Prometheus alert rules in {@code deploy/} use only metric names the service really
 * exports: the real service runs against a real broker, processes one document and one bad record (so the counters,
 * timers and summaries exist), and every name in the dashboards' and rules' expressions must be on its
 * /actuator/prometheus. Also: the ops page is served.
 */
class DeployMetricNamesTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /**
     * Micrometer registers Kafka client metrics that appear after start (per-partition lag) on its next refresh,
     * a minute apart: the names may take that long to show.
     */
    private static final Duration METRICS_PATIENCE = Duration.ofSeconds(150);
    /** Series Prometheus makes itself for every target; the service cannot export them. */
    private static final Set<String> MADE_BY_PROMETHEUS = Set.of("up", "scrape_duration_seconds",
            "scrape_samples_scraped", "scrape_samples_post_metric_relabeling", "scrape_series_added");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{\\s]", Pattern.MULTILINE);

    private static BrokerUnderTest broker;
    private static ServiceUnderTest service;

    @BeforeAll
    static void startAndFeed() throws Exception {
        broker = BrokerUnderTest.start();
        service = ServiceUnderTest.start(broker.bootstrapServers(), "it-deploy-metrics");
        await().atMost(PATIENCE).until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                SerdeConfig.REGISTRY_URL, service.baseUrl().toString());
        SpecificAvroSerializer<Document> documents = new SpecificAvroSerializer<>();
        documents.configure(config, false);
        try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
             KafkaProducer<String, Document> producer = new KafkaProducer<>(config, new StringSerializer(), documents)) {
            raw.send(new ProducerRecord<>("documents", "metrics-bad", new byte[] {9, 9, 9})).get();
            producer.send(new ProducerRecord<>("documents", "metrics-doc", Document.newBuilder().setId("metrics-doc")
                    .setTitle("Metrics").setText("Dashboards read what the service exports.").build())).get();
        }
        await().atMost(PATIENCE).until(() -> service.get("/documents/metrics-doc/summary").statusCode() == 200);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void everyMetricInTheDashboardsAndAlertRulesIsExported() throws InterruptedException {
        Map<String, String> expressions = new TreeMap<>();
        expressions.putAll(DeployFiles.grafanaExpressions());
        expressions.putAll(DeployFiles.alertExpressions());
        assertThat(expressions).isNotEmpty();
        // Where each name is used, to name the panel or rule in a failure.
        Map<String, Set<String>> usedBy = new TreeMap<>();
        expressions.forEach((where, expression) -> DeployFiles.metricNames(expression)
                .forEach(name -> usedBy.computeIfAbsent(name, n -> new TreeSet<>()).add(where)));
        MADE_BY_PROMETHEUS.forEach(usedBy::remove);
        assertThat(usedBy.keySet()).as("metric names used in deploy/").isNotEmpty()
                .anyMatch(n -> n.startsWith("gemma_streams_")).anyMatch(n -> n.startsWith("kafka_stream_"));

        Set<String> missing = new TreeSet<>(usedBy.keySet());
        try {
            // Some meters (per-partition lag) appear only on Micrometer's one-minute refresh.
            Awaitility.await().atMost(METRICS_PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() -> {
                missing.removeAll(exported());
                return missing.isEmpty();
            });
        } catch (ConditionTimeoutException e) {
            // reported below, with where each missing name is used
        }
        StringBuilder report = new StringBuilder();
        missing.forEach(name -> report.append("\n  ").append(name).append(" used by ").append(usedBy.get(name)));
        assertThat(missing).as("metric names in deploy/grafana and deploy/prometheus/alerts.yml that the service"
                + " does not export at /actuator/prometheus:" + report).isEmpty();
    }

    @Test
    void theOpsPageIsServedAndUsesOnlyTheServicesOwnEndpoints() {
        HttpResponse<String> page = service.get("/ops.html");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>gemma-streams", "actuator/health/readiness", "actuator/prometheus",
                "documents/", "/summary", "questions/", "/answer");
        // No CDN, no external fonts or scripts: the page works where the service runs, offline included.
        assertThat(page.body()).doesNotContainPattern("(src|href)\\s*=\\s*[\"']?(https?:)?//")
                .doesNotContain("@import").doesNotContainPattern("fetch\\(\\s*[\"'`]https?:");
        // The endpoints it reads answer as the page expects.
        assertThat(service.get("/actuator/health").body()).contains("\"streams\"", "\"model\"", "\"queueCapacity\"");
        assertThat(service.get("/documents/metrics-doc/summary").body()).contains("\"status\"", "\"generation\"");
    }

    /** The metric names on /actuator/prometheus now (sample lines only). */
    private static Set<String> exported() {
        HttpResponse<String> scrape = service.get("/actuator/prometheus");
        assertThat(scrape.statusCode()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        Matcher sample = SAMPLE.matcher(scrape.body());
        while (sample.find()) {
            names.add(sample.group(1));
        }
        return names;
    }
}
