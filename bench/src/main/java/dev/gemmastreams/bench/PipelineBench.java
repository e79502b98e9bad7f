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
 * [--max-tokens N] [--tokens N] [--partitions N] [--skip-max-batch-1] [--skip-engine-alone]}: documents per second through the whole service (in-process, on an in-process
 * KRaft broker, exactly-once, Avro through its registry, input and output safety scoring, summaries read back
 * read_committed), with the defaults and with {@code model.max-batch=1} in the same run (each on a broker of its
 * own; JSON in bench/target/pipeline-bench.json: {@code docs_per_hour.{default,max_batch_1}}), against the engine
 * alone doing the same model calls one after another on the same documents in the same JVM (skipped with
 * {@code --skip-engine-alone}: at the gemma-2-2b shape each side of the comparison takes most of an hour).
 * Policy thresholds are set to 1.0 so the random model's noise blocks nothing and every document costs the same.
 */
public final class PipelineBench {

    /** How long a batch may take per document: a gemma-2-2b document takes minutes on 2 cores. */
    private static final Duration PATIENCE_PER_DOCUMENT = Duration.ofMinutes(5);

    private PipelineBench() {
    }

    public static void main(String[] args) throws Exception {
        int documents = Integer.parseInt(BenchSupport.option(args, "--documents", "24"));
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

        // The whole service with the defaults (max-batch requests batched, as many stream threads) and with
        // max-batch 1 (one model call at a time, one stream thread), on the same documents' kind, in the same run.
        int partitions = Integer.parseInt(BenchSupport.option(args, "--partitions", "8"));
        Map<String, Integer> statuses = new TreeMap<>();
        List<Double> pipelineDps = throughService("default", folder, maxTokens, partitions, List.of(), warmTexts,
                batches, statuses);
        List<Double> batchOneDps = List.of();
        if (!List.of(args).contains("--skip-max-batch-1")) {
            batchOneDps = throughService("max-batch 1", folder, maxTokens, partitions,
                    List.of("--gemma-streams.model.max-batch=1"), warmTexts, batches, statuses);
        }

        // The engine alone: the same model calls the pipeline makes per document, on the same documents.
        List<Double> engineDps = new ArrayList<>();
        List<Double> summaryOnlyDps = new ArrayList<>();
        boolean engineAlone = !List.of(args).contains("--skip-engine-alone");
        if (engineAlone) try (LoadedModel model = LoadedModel.load(folder)) {
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
        List<Double> overheads = new ArrayList<>();
        for (int r = 0; r < engineDps.size(); r++) {
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
        out.append("| path | documents/s | documents/hour | time per document (s) |\n|---|---|---|---|\n");
        out.append(String.format(Locale.ROOT, "| whole service, defaults (max-batch 8) | %s | %.0f | %.3f |%n",
                p.format("%.4g"), p.median() * 3600, 1 / p.median()));
        if (!batchOneDps.isEmpty()) {
            BenchSupport.Summary one = BenchSupport.Summary.of(batchOneDps);
            out.append(String.format(Locale.ROOT, "| whole service, max-batch 1 | %s | %.0f | %.3f |%n",
                    one.format("%.4g"), one.median() * 3600, 1 / one.median()));
        }
        if (engineAlone) {
            BenchSupport.Summary e = BenchSupport.Summary.of(engineDps);
            BenchSupport.Summary summaries = BenchSupport.Summary.of(summaryOnlyDps);
            out.append(String.format(Locale.ROOT, "| engine alone, same model calls one after another | %s | %.0f | %.3f |%n",
                    e.format("%.4g"), e.median() * 3600, 1 / e.median()));
            out.append(String.format(Locale.ROOT, "| engine alone, summary generation only | %s | %.0f | %.3f |%n",
                    summaries.format("%.4g"), summaries.median() * 3600, 1 / summaries.median()));
        }
        Map<String, Object> json = new java.util.LinkedHashMap<>();
        json.put("machine", BenchSupport.machine());
        json.put("model", folder.getFileName().toString());
        json.put("documents_per_run", documents);
        json.put("document_tokens", documentTokens);
        Map<String, Object> perHour = new java.util.LinkedHashMap<>();
        perHour.put("default", p.median() * 3600);
        if (!batchOneDps.isEmpty()) {
            perHour.put("max_batch_1", BenchSupport.Summary.of(batchOneDps).median() * 3600);
            out.append(String.format(Locale.ROOT, "%nDefaults vs max-batch 1 (medians): %.2fx.%n",
                    p.median() / BenchSupport.Summary.of(batchOneDps).median()));
        }
        json.put("docs_per_hour", perHour);
        Path jsonFile = Path.of("bench", "target", "pipeline-bench.json");
        Files.createDirectories(jsonFile.toAbsolutePath().getParent());
        new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                .writeValue(jsonFile.toFile(), json);
        if (engineAlone) {
            out.append(String.format(Locale.ROOT, "%nPipeline overhead (engine-alone docs/s / pipeline docs/s): %s; "
                    + "ratio of medians %.3f (target at the gemma-2-2b shape: <= 1.05).%n",
                    BenchSupport.Summary.of(overheads).format("%.3f"),
                    BenchSupport.Summary.of(engineDps).median() / p.median()));
        }
        report.println(out);
        report.flush();
        System.exit(0); // the broker's and clients' non-daemon threads may linger
    }

    /**
     * The documents through the whole service (its own in-process broker, {@code partitions} partitions) started
     * with {@code extraArgs}: documents/s of each batch, after the warm-up.
     */
    private static List<Double> throughService(String label, Path folder, int maxTokens, int partitions,
            List<String> extraArgs, List<String> warmTexts, List<List<String>> batches, Map<String, Integer> statuses)
            throws Exception {
        Path work = Files.createTempDirectory("gemma-streams-bench-pipeline");
        List<Double> pipelineDps = new ArrayList<>();
        try (InProcessKafkaBroker broker = new InProcessKafkaBroker(work.resolve("kafka"), 0).start()) {
            String bootstrap = broker.bootstrapServers();
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
            serviceArgs.addAll(extraArgs);
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
                    BenchSupport.log("pipeline %s: warm-up with %d documents", label, warmTexts.size());
                    roundTrip(producer, consumer, seen, "warm", warmTexts);
                    for (int r = 0; r < batches.size(); r++) {
                        double seconds = roundTrip(producer, consumer, seen, "run" + r, batches.get(r));
                        int documents = batches.get(r).size();
                        pipelineDps.add(documents / seconds);
                        BenchSupport.log("pipeline %s run %d: %d documents in %.2f s = %.4g documents/s", label, r + 1,
                                documents, seconds, documents / seconds);
                    }
                    seen.forEach((k, status) -> { if (!k.startsWith("warm")) statuses.merge(label + " " + status, 1, Integer::sum); });
                }
            } finally {
                service.close();
            }
        } finally {
            JlamaRun.deleteTree(work);
        }

        return pipelineDps;
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
        Duration patience = PATIENCE_PER_DOCUMENT.multipliedBy(Math.max(6, texts.size()));
        long deadline = System.nanoTime() + patience.toNanos();
        while (!seen.keySet().containsAll(expected)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("No summaries for " + expected.stream().filter(k -> !seen.containsKey(k))
                        .toList() + " after " + patience);
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
