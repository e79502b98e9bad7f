package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Decision;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.schemas.registry.SchemaRegistryClient;
import dev.gemmastreams.schemas.serde.GenericAvroDeserializer;
import dev.gemmastreams.schemas.serde.SerdeConfig;
import dev.gemmastreams.schemas.serde.SpecificAvroDeserializer;
import dev.gemmastreams.schemas.serde.SpecificAvroSerializer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real service against a real broker: schemas go through the service's registry endpoint, Avro travels in the
 * registry wire format, and every bad record becomes a dead letter while the stream goes on.
 */
class DocumentsEndToEndTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private static BrokerUnderTest broker;
    private static ServiceUnderTest service;
    private static String registryUrl;
    private static KafkaProducer<String, byte[]> rawProducer;
    private static KafkaProducer<String, Document> documentProducer;
    private static TopicReader<DeadLetter> deadLetters;

    @BeforeAll
    static void startBrokerAndService() {
        broker = BrokerUnderTest.start();
        service = ServiceUnderTest.start(broker.bootstrapServers(), "it-documents");
        registryUrl = service.baseUrl().toString();
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                SerdeConfig.REGISTRY_URL, registryUrl);
        rawProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), new ByteArraySerializer());
        SpecificAvroSerializer<Document> documents = new SpecificAvroSerializer<>();
        documents.configure(producerConfig, false);
        documentProducer = new KafkaProducer<>(producerConfig, new StringSerializer(), documents);
        SpecificAvroDeserializer<DeadLetter> letters = new SpecificAvroDeserializer<>();
        letters.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl,
                SerdeConfig.SPECIFIC_AVRO_CLASS, DeadLetter.class.getName()), false);
        deadLetters = new TopicReader<>(broker.bootstrapServers(), "dead-letters", letters);
        await().atMost(PATIENCE).until(() -> service.get("/actuator/health/readiness").statusCode() == 200);
    }

    @AfterAll
    static void stopAll() throws Exception {
        deadLetters.close();
        rawProducer.close();
        documentProducer.close();
        service.close();
        broker.close();
    }

    @Test
    void theSameTextOnTwoPartitionsCostsOneModelCallAndEachIdGetsItsSummaryOnce() throws Exception {
        String text = "One text, two ids, two partitions: summarized once. " + System.nanoTime();
        String first = "same-text-0";
        String second = onTheOtherPartition("same-text-", first);

        int p1 = documentProducer.send(new ProducerRecord<>("documents", first, document(first, text))).get().partition();
        int p2 = documentProducer.send(new ProducerRecord<>("documents", second, document(second, text))).get()
                .partition();

        assertThat(p1).isNotEqualTo(p2);
        try (CommittedResults results = new CommittedResults(broker.bootstrapServers(), CommittedResults.SUMMARIES)) {
            assertThat(results.awaitKeys(List.of(first, second), PATIENCE)).isTrue();
            results.awaitKeys(List.of("never-published"), Duration.ofSeconds(3)); // room for a duplicate to show
            assertThat(results.countsByKey()).containsEntry(first, 1L).containsEntry(second, 1L);
            // Other tests here delete documents: decode only this test's keys, not their tombstones.
            Map<String, Summary> summaries = new java.util.HashMap<>();
            results.seen().stream().filter(seen -> first.equals(seen.key()) || second.equals(seen.key()))
                    .forEach(seen -> summaries.put(seen.key(), CommittedResults.summary(seen.record().value())));
            // One model call for the text: the other id's summary is the cached one, same content hash.
            assertThat(List.of(summaries.get(first), summaries.get(second)))
                    .extracting(s -> s.getGeneration().getCached()).containsExactlyInAnyOrder(false, true);
            assertThat(summaries.get(first).getContentHash()).isEqualTo(summaries.get(second).getContentHash());
        }
    }

    @Test
    void theSameInlineQuestionOnTwoPartitionsCostsOneModelCallAndEachIdGetsItsAnswer() throws Exception {
        String context = "Gemma runs inside the service. Kafka carries the records. " + System.nanoTime();
        String first = "same-question-0";
        String second = onTheOtherPartition("same-question-", first);
        Map<String, Answer> answers = answersTo(List.of(
                Question.newBuilder().setId(first).setQuestion("Where does Gemma run?").setContext(context).build(),
                Question.newBuilder().setId(second).setQuestion("Where does Gemma run?").setContext(context).build()));

        // One model call for the question over that context: the other id's answer is the cached one.
        assertThat(List.of(answers.get(first), answers.get(second)))
                .extracting(a -> a.getGeneration().getCached()).containsExactlyInAnyOrder(false, true);
        assertThat(answers.get(first).getAnswer()).isEqualTo(answers.get(second).getAnswer());
    }

    @Test
    void theSameQuestionAboutTwoDocumentsOfOneTextOnTwoPartitionsCostsOneModelCall() throws Exception {
        String text = "Kafka stores records in topics. Topics have partitions. " + System.nanoTime();
        String firstDocument = "same-doc-text-0";
        String secondDocument = onTheOtherPartition("same-doc-text-", firstDocument);
        documentProducer.send(new ProducerRecord<>("documents", firstDocument, document(firstDocument, text))).get();
        documentProducer.send(new ProducerRecord<>("documents", secondDocument, document(secondDocument, text))).get();
        Map<String, Answer> answers = answersTo(List.of(
                Question.newBuilder().setId("about-" + firstDocument).setQuestion("What has partitions?")
                        .setDocumentId(firstDocument).build(),
                Question.newBuilder().setId("about-" + secondDocument).setQuestion("What has partitions?")
                        .setDocumentId(secondDocument).build()));

        assertThat(List.of(answers.get("about-" + firstDocument), answers.get("about-" + secondDocument)))
                .extracting(a -> a.getGeneration().getCached()).containsExactlyInAnyOrder(false, true);
        assertThat(answers.get("about-" + secondDocument).getDocumentId()).isEqualTo(secondDocument);
    }

    /** Publishes the questions keyed by id, waits for an answer to each, and checks each id got exactly one. */
    private Map<String, Answer> answersTo(List<Question> asked) throws Exception {
        SpecificAvroSerializer<Question> questions = new SpecificAvroSerializer<>();
        questions.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl), false);
        try (KafkaProducer<String, Question> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), questions);
             TopicReader<Answer> answers = reader("answers", Answer.class)) {
            for (Question question : asked) {
                producer.send(new ProducerRecord<>("questions", question.getId(), question)).get();
            }
            Map<String, Answer> byId = new java.util.HashMap<>();
            for (Question question : asked) {
                byId.put(question.getId(), answers.awaitKey(question.getId(), PATIENCE).value());
            }
            answers.await(r -> false, Duration.ofSeconds(3)); // room for a duplicate to show
            for (Question question : asked) {
                assertThat(answers.withKey(question.getId())).hasSize(1);
            }
            return byId;
        }
    }

    /** The first of {@code prefix}1, {@code prefix}2, ... that the default partitioner puts apart from {@code key}. */
    private static String onTheOtherPartition(String prefix, String key) {
        return java.util.stream.IntStream.range(1, 100).mapToObj(i -> prefix + i)
                .filter(id -> partitionOf(id) != partitionOf(key)).findFirst().orElseThrow();
    }

    /** The partition of {@code documents} or {@code questions} (2 partitions here) the default partitioner picks. */
    private static int partitionOf(String key) {
        return org.apache.kafka.common.utils.Utils.toPositive(
                org.apache.kafka.common.utils.Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % 2;
    }

    @Test
    void anAvroDocumentIsReadBackByAConsumerThatKnowsOnlyTheRegistryUrl() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "round-trip", document("round-trip", "Hello, Kafka."))).get();

        GenericAvroDeserializer generic = new GenericAvroDeserializer();
        generic.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl), false);
        // Raw bytes first: other tests put deliberately broken records on the same topic.
        try (TopicReader<byte[]> reader = new TopicReader<>(broker.bootstrapServers(), "documents",
                new ByteArrayDeserializer())) {
            GenericRecord read = generic.deserialize("documents", reader.awaitKey("round-trip", PATIENCE).value());

            assertThat(read.getSchema().getFullName()).isEqualTo("dev.gemmastreams.avro.Document");
            assertThat(read.get("text")).hasToString("Hello, Kafka.");
        }
        assertThat(service.get("/subjects").body()).contains("documents-value");
    }

    @Test
    void aValidDocumentIsKeptInTheDocumentTable() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "kept", document("kept", "Keep me."))).get();

        await().atMost(PATIENCE).until(() -> service.get("/documents/kept").statusCode() == 200);
        assertThat(service.get("/documents/kept").body()).contains("Keep me.");
    }

    @Test
    void bytesWithoutTheMagicByteBecomeADeadLetterAndTheStreamGoesOn() throws Exception {
        byte[] json = "{\"id\":\"no-magic\"}".getBytes(StandardCharsets.UTF_8);
        rawProducer.send(new ProducerRecord<>("documents", "no-magic", json)).get();
        documentProducer.send(new ProducerRecord<>("documents", "after-no-magic", document("after-no-magic", "Next."))).get();

        DeadLetter letter = deadLetters.awaitKey("no-magic", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_MAGIC_BYTE");
        assertThat(letter.getStage()).isEqualTo("deserialize");
        assertThat(letter.getOriginalTopic()).isEqualTo("documents");
        assertThat(bytes(letter.getValue())).isEqualTo(json);
        await().atMost(PATIENCE).until(() -> service.get("/documents/after-no-magic").statusCode() == 200);
    }

    @Test
    void anUnknownSchemaIdBecomesADeadLetter() throws Exception {
        byte[] value = ByteBuffer.allocate(8).put((byte) 0).putInt(987_654).put(new byte[] {2, 4, 6}).array();
        rawProducer.send(new ProducerRecord<>("documents", "unknown-id", value)).get();

        DeadLetter letter = deadLetters.awaitKey("unknown-id", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("UNKNOWN_SCHEMA_ID");
        assertThat(letter.getError()).contains("987654");
    }

    @Test
    void aWriterSchemaTheReaderCannotReadBecomesADeadLetter() throws Exception {
        Schema unrelated = new Schema.Parser().parse("""
                {"type":"record","name":"Document","namespace":"elsewhere",
                 "fields":[{"name":"id","type":"int"}]}""");
        int id = new SchemaRegistryClient(service.baseUrl(), Duration.ofSeconds(10)).register("elsewhere-value", unrelated);
        GenericRecord record = new GenericData.Record(unrelated);
        record.put("id", 7);
        rawProducer.send(new ProducerRecord<>("documents", "incompatible", wireFormat(id, unrelated, record))).get();

        DeadLetter letter = deadLetters.awaitKey("incompatible", PATIENCE).value();

        assertThat(letter.getErrorType()).isEqualTo("INCOMPATIBLE_WRITER_SCHEMA");
        assertThat(letter.getError()).contains("text");
    }

    @Test
    void aDocumentWithEmptyTextBecomesADeadLetterAtValidation() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "empty", document("empty", "  "))).get();

        DeadLetter letter = deadLetters.awaitKey("empty", PATIENCE).value();

        assertThat(letter.getStage()).isEqualTo("validate");
        assertThat(letter.getErrorType()).isEqualTo("EMPTY_TEXT");
        assertThat(letter.getOriginalOffset()).isNotNegative();
    }

    @Test
    void aDocumentIsSummarizedByTheModelAndItsVerdictsPublished() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "to-summarize",
                document("to-summarize", "Kafka Streams apps read topics and write results."))).get();

        try (TopicReader<Summary> summaries = reader("summaries", Summary.class);
             TopicReader<SafetyVerdict> verdicts = reader("safety-verdicts", SafetyVerdict.class)) {
            Summary summary = summaries.awaitKey("to-summarize", PATIENCE).value();
            await().atMost(PATIENCE).until(() -> service.get("/documents/to-summarize/summary").statusCode() == 200);
            assertThat(service.get("/documents/to-summarize/summary").body()).contains("\"status\":\"OK\"")
                    .contains("\"modelId\":\"demo-tiny\"");

            assertThat(summary.getStatus()).isEqualTo(Status.OK);
            assertThat(summary.getGeneration().getModelId()).isEqualTo("demo-tiny");
            assertThat(summary.getGeneration().getPromptVersion()).isEqualTo("summary-v2");
            assertThat(summary.getGeneration().getPromptTokens()).isPositive();
            assertThat(summary.getGeneration().getCompletionTokens()).isBetween(0, 8);
            assertThat(summary.getParts()).isEqualTo(1);
            verdicts.awaitKey("to-summarize", PATIENCE);
            // The demo model's scores are noise under its 0.99 default threshold: allowed, with all four scores.
            SafetyVerdict input = verdicts.withKey("to-summarize").getFirst().value();
            assertThat(input.getDecision()).isEqualTo(Decision.ALLOW);
            assertThat(input.getPolicyScores()).extracting(s -> s.getPolicy())
                    .containsExactly("dangerous_content", "harassment", "hate_speech", "sexually_explicit");
            assertThat(input.getPolicyScores()).allSatisfy(s -> assertThat(s.getThreshold()).isEqualTo(0.99));
        }
    }

    @Test
    void aQuestionAboutAPublishedDocumentIsAnsweredWithEvidence() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "asked-about",
                document("asked-about", "Gemma runs inside the service. Kafka carries the records."))).get();
        SpecificAvroSerializer<Question> questions = new SpecificAvroSerializer<>();
        questions.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl), false);
        try (KafkaProducer<String, Question> producer = new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()),
                new StringSerializer(), questions);
             TopicReader<Answer> answers = reader("answers", Answer.class)) {
            // Several question ids, so some land on other partitions than their document: all must be answered.
            for (String id : List.of("q-1", "q-2", "q-3", "q-4", "q-5")) {
                producer.send(new ProducerRecord<>("questions", id, Question.newBuilder().setId(id)
                        .setQuestion("Where does Gemma run? (" + id + ")").setDocumentId("asked-about").build())).get();
            }

            for (String id : List.of("q-2", "q-3", "q-4", "q-5")) {
                assertThat(answers.awaitKey(id, PATIENCE).value().getDocumentId()).isEqualTo("asked-about");
            }
            Answer answer = answers.awaitKey("q-1", PATIENCE).value();

            assertThat(answer.getStatus()).isEqualTo(Status.OK);
            assertThat(answer.getDocumentId()).isEqualTo("asked-about");
            assertThat(answer.getEvidence()).isNotEmpty();
            await().atMost(PATIENCE).until(() -> service.get("/questions/q-1/answer").statusCode() == 200);
            assertThat(service.get("/questions/q-1/answer").body()).contains("\"evidence\":[{");
            assertThat(service.get("/questions/unknown/answer").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void prometheusExportsKafkaStreamsAndPipelineMetrics() throws Exception {
        rawProducer.send(new ProducerRecord<>("documents", "for-metrics-bad", new byte[] {9, 9})).get();
        documentProducer.send(new ProducerRecord<>("documents", "for-metrics", document("for-metrics", "Count me."))).get();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(service.get("/actuator/prometheus").body())
                .contains("kafka_stream_")
                .contains("gemma_streams_dead_letters_total{")
                .contains("gemma_streams_cache_lookups_total{")
                .contains("gemma_streams_model_decode_seconds_bucket{"));
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> TopicReader<T> reader(String topic,
                                                                                            Class<T> type) {
        SpecificAvroDeserializer<T> values = new SpecificAvroDeserializer<>();
        values.configure(Map.of(SerdeConfig.REGISTRY_URL, registryUrl, SerdeConfig.SPECIFIC_AVRO_CLASS, type.getName()),
                false);
        return new TopicReader<>(broker.bootstrapServers(), topic, values);
    }

    @Test
    void aTombstoneDeletesTheDocumentAndItsSummary() throws Exception {
        documentProducer.send(new ProducerRecord<>("documents", "deleted", document("deleted", "Soon gone."))).get();
        await().atMost(PATIENCE).until(() -> service.get("/documents/deleted/summary").statusCode() == 200);

        documentProducer.send(new ProducerRecord<>("documents", "deleted", (Document) null)).get();

        await().atMost(PATIENCE).until(() -> service.get("/documents/deleted/summary").statusCode() == 404);
        assertThat(service.get("/documents/deleted").statusCode()).isEqualTo(404);
    }

    private static Document document(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).setTitle("Test " + id).build();
    }

    private static byte[] wireFormat(int schemaId, Schema schema, GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(schemaId).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] copy = new byte[buffer.remaining()];
        buffer.duplicate().get(copy);
        return copy;
    }
}
