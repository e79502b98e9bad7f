package dev.gemmastreams.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.engine.generate.ChatFormat;
import dev.gemmastreams.engine.generate.GenerationRequest;
import dev.gemmastreams.engine.generate.GenerationResult;
import dev.gemmastreams.engine.generate.Generator;
import dev.gemmastreams.engine.generate.LoadedModel;
import dev.gemmastreams.engine.prompts.Prompts;
import dev.gemmastreams.engine.safety.policy.PolicyScorer;
import dev.gemmastreams.engine.safety.policy.SafetyPolicy;
import dev.gemmastreams.engine.tokenizer.GemmaTokenizer;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import dev.gemmastreams.service.GemmaStreamsApplication;
import dev.gemmastreams.service.kafka.InProcessKafkaBroker;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * {@code ./gemma-streams bench pipeline [--documents N] [--runs R] [--shape tiny|gemma-2-2b] [--model DIR]
 * [--max-tokens N] [--tokens N]}: documents per second through the whole service (in-process, on an in-process
 * KRaft broker, exactly-once, Avro through its registry, input and output safety scoring, summaries read back
 * read_committed) against the engine alone doing the same model calls on the same documents in the same JVM.
 * Policy thresholds are set to 1.0 so the random model's noise blocks nothing and every document costs the same.
 */
public final class PipelineBench {

    private static final Duration PATIENCE = Duration.ofMinutes(30);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.parseInt(BenchSupport.option(args, "--documents", "20"));
        int runs = Integer.parseInt(BenchSupport.option(args, "--runs", "3"));
        int tokens = Integer.parseInt(BenchSupport.option(args, "--tokens", "300"));
        int maxTokens = Integer.parseInt(BenchSupport.option(args, "--max-tokens", "64"));
        int warmup = Integer.parseInt(BenchSupport.option(args, "--warmup", "3"));
        String shape = BenchSupport.option(args, "--shape", "tiny");
        String modelOption = BenchSupport.option(args, "--model", null);
        // The report alone goes to stdout: logs (the broker's, Spring's) go to stderr.
        java.io.PrintStream report = System.out;
        System.setOut(System.err);
        // The broker starts before Spring configures logging: keep its INFO chatter out of the report.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        Path folder = modelOption != null ? Path.of(modelOption).toAbsolutePath() : BenchSupport.randomModel(shape);
        GemmaTokenizer tokenizer = GemmaTokenizer.load(folder.resolve("tokenizer.json"));

        // Unique texts (no result-cache hits): warm-up first, then one batch per run.
        List<String> warmTexts = new ArrayList<>();
        for (int i = 0; i < warmup; i++) {
            warmTexts.add(BenchSupport.document(tokenizer, tokens, 100_000 + i));
        }
        List<List<String>> batches = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            List<String> batch = new ArrayList<>();
            for (int i = 0; i < documents; i++) {
                batch.add(BenchSupport.document(tokenizer, tokens, 1 + r * documents + i));
            }
            batches.add(batch);
        }
        int documentTokens = tokenizer.encode(batches.get(0).get(0)).length;

        Path work = Files.createTempDirectory("gemma-streams-bench-pipeline");
        List<Double> pipelineDps = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int partitions;
        try (InProcessKafkaBroker broker = new InProcessKafkaBroker(work.resolve("kafka"), 0).start()) {
            String bootstrap = broker.bootstrapServers();
            partitions = 3;
            List<String> serviceArgs = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--spring.main.banner-mode=off",
                    "--logging.level.root=WARN",
                    "--logging.level.org.apache.kafka.streams.KafkaStreams=WARN",
                    "--gemma-streams.kafka.bootstrap-servers=" + bootstrap,
                    "--gemma-streams.topics.partitions=" + partitions,
                    "--gemma-streams.streams.application-id=bench-pipeline-" + UUID.randomUUID(),
                    "--gemma-streams.streams.state-dir=" + work.resolve("state"),
                    "--gemma-streams.model.dir=" + folder,
                    "--gemma-streams.model.max-summary-tokens=" + maxTokens));
            List<SafetyPolicy> policies = SafetyPolicy.defaults();
            for (int i = 0; i < policies.size(); i++) {
                serviceArgs.add("--gemma-streams.safety.policies[" + i + "].name=" + policies.get(i).name());
                serviceArgs.add("--gemma-streams.safety.policies[" + i + "].threshold=1.0");
            }
            BenchSupport.log("starting the service on the in-process broker %s with %s...", bootstrap, folder);
            ConfigurableApplicationContext service = new SpringApplicationBuilder(GemmaStreamsApplication.class)
                    .run(serviceArgs.toArray(String[]::new));
            try {
                int port = ((WebServerApplicationContext) service).getWebServer().getPort();
                String base = "http://localhost:" + port;
                awaitReady(base);
                Map<String, Object> producerConfig = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                        ProducerConfig.ACKS_CONFIG, "all", SerdeConfig.REGISTRY_URL, base);
                SpecificAvroSerializer<Document> values = new SpecificAvroSerializer<>();
                values.configure(producerConfig, false);
                SpecificAvroDeserializer<Summary> summaries = new SpecificAvroDeserializer<>();
                summaries.configure(Map.of(SerdeConfig.REGISTRY_URL, base,
                        SerdeConfig.SPECIFIC_AVRO_CLASS, Summary.class.getName()), false);
                try (KafkaProducer<String, Document> producer =
                             new KafkaProducer<>(producerConfig, new StringSerializer(), values);
                     KafkaConsumer<String, Summary> consumer = new KafkaConsumer<>(Map.of(
                             ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                             ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(),
                             ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                             ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                             new StringDeserializer(), summaries)) {
                    consumer.subscribe(List.of("summaries"));
                    Map<String, String> seen = new HashMap<>();
                    BenchSupport.log("pipeline: warm-up with %d documents", warmup);
                    roundTrip(producer, consumer, seen, "warm", warmTexts);
                    for (int r = 0; r < runs; r++) {
                        double seconds = roundTrip(producer, consumer, seen, "run" + r, batches.get(r));
                        pipelineDps.add(documents / seconds);
                        BenchSupport.log("pipeline run %d: %d documents in %.2f s = %.4g documents/s", r + 1,
                                documents, seconds, documents / seconds);
                    }
                    seen.forEach((k, status) -> { if (!k.startsWith("warm")) statuses.merge(status, 1, Integer::sum); });
                }
            } finally {
                service.close();
            }
        } finally {
            JlamaRun.deleteTree(work);
        }

        // The engine alone: the same model calls the pipeline makes per document, on the same documents.
        List<Double> engineDps = new ArrayList<>();
        List<Double> summaryOnlyDps = new ArrayList<>();
        try (LoadedModel model = LoadedModel.load(folder)) {
            Generator generator = model.newGenerator();
            for (String text : warmTexts) {
                engineCalls(generator, text, maxTokens, true);
            }
            for (int r = 0; r < runs; r++) {
                long start = System.nanoTime();
                long summaryNanos = 0;
                for (String text : batches.get(r)) {
                    summaryNanos += engineCalls(generator, text, maxTokens, true);
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                engineDps.add(documents / seconds);
                summaryOnlyDps.add(documents / (summaryNanos / 1e9));
                BenchSupport.log("engine alone run %d: %d documents in %.2f s = %.4g documents/s (summaries only: "
                        + "%.4g documents/s)", r + 1, documents, seconds, documents / seconds, documents / (summaryNanos / 1e9));
            }
        }

        BenchSupport.Summary p = BenchSupport.Summary.of(pipelineDps);
        BenchSupport.Summary e = BenchSupport.Summary.of(engineDps);
        List<Double> overheads = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            overheads.add(engineDps.get(r) / pipelineDps.get(r));
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%n## Pipeline benchmark: %s model (%s)%n%n", folder.getFileName(), Instant.now()));
        out.append("Machine: ").append(BenchSupport.machine()).append("\n\nEngine: ").append(BenchSupport.engineBuild())
                .append("\n\n");
        out.append(String.format(Locale.ROOT, "%d documents of %d tokens per run, %d runs (medians, min–max), summaries of "
                        + "up to %d tokens; per document the model scores the input (4 policies), summarizes, and scores "
                        + "the summary (4 policies). Service: in-process KRaft broker, %d partitions, exactly_once_v2, "
                        + "Avro via its registry, results read read_committed. Summary statuses: %s.%n%n",
                documents, documentTokens, runs, maxTokens, partitions, statuses));
        out.append("| path | documents/s | time per document (s) |\n|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| whole service (publish -> summary read_committed) | %s | %.3f |%n",
                p.format("%.4g"), 1 / p.median()));
        out.append(String.format(Locale.ROOT, "| engine alone, same model calls (LoadedModel directly) | %s | %.3f |%n",
                e.format("%.4g"), 1 / e.median()));
        out.append(String.format(Locale.ROOT, "| engine alone, summary generation only | %s | %.3f |%n",
                BenchSupport.Summary.of(summaryOnlyDps).format("%.4g"), 1 / BenchSupport.Summary.of(summaryOnlyDps).median()));
        out.append(String.format(Locale.ROOT, "%nPipeline overhead (engine-alone docs/s / pipeline docs/s): %s; "
                + "ratio of medians %.3f (target at the gemma-2-2b shape: <= 1.05).%n",
                BenchSupport.Summary.of(overheads).format("%.3f"), e.median() / p.median()));
        report.println(out);
        report.flush();
        System.exit(0); // the broker's and clients' non-daemon threads may linger
    }

    /** Publishes the texts and waits until each has a committed summary; returns the seconds taken. */
    private static double roundTrip(KafkaProducer<String, Document> producer, KafkaConsumer<String, Summary> consumer,
                                    Map<String, String> seen, String prefix, List<String> texts) throws Exception {
        Set<String> expected = new HashSet<>();
        long start = System.nanoTime();
        for (int i = 0; i < texts.size(); i++) {
            String id = prefix + "-" + i;
            expected.add(id);
            producer.send(new ProducerRecord<>("documents", id, Document.newBuilder().setId(id).setText(texts.get(i))
                    .setTitle(id).setCreatedAt(Instant.now()).build()));
        }
        producer.flush();
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!seen.keySet().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No summaries for " + expected.stream().filter(k -> !seen.containsKey(k))
                        .toList() + " after " + PATIENCE);
            }
            for (ConsumerRecord<String, Summary> rec : consumer.poll(Duration.ofMillis(50))) {
                seen.put(rec.key(), String.valueOf(rec.value().getStatus()));
            }
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** The pipeline's model calls for one document; returns the nanoseconds of the summary generation. */
    private static long engineCalls(Generator generator, String text, int maxTokens, boolean safety) {
        if (safety) {
            PolicyScorer.scorePrompt(generator, text, SafetyPolicy.defaults());
        }
        long start = System.nanoTime();
        GenerationResult summary = generator.generate(GenerationRequest.greedy(
                ChatFormat.encodeUserTurn(generator.tokenizer(), Prompts.summarize(text)), maxTokens));
        long nanos = System.nanoTime() - start;
        if (safety) {
            PolicyScorer.scoreResponse(generator, text, summary.text().strip(), SafetyPolicy.defaults());
        }
        return nanos;
    }

    private static void awaitReady(String base) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException("The service was not ready within 5 minutes");
    }
}
