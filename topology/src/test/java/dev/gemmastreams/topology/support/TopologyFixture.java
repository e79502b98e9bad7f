package dev.gemmastreams.topology.support;

import java.time.Duration;
import java.util.Properties;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Document;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.SafetyVerdict;
import dev.gemmastreams.avro.Summary;
import dev.gemmastreams.schemas.serde.InMemorySchemaRegistry;
import dev.gemmastreams.topology.GemmaStreamsTopology;
import dev.gemmastreams.topology.TopicNames;
import dev.gemmastreams.topology.TopologySerdes;
import dev.gemmastreams.topology.TopologyServices;
import dev.gemmastreams.topology.TopologySettings;
import dev.gemmastreams.topology.errors.DeadLetterConfig;
import dev.gemmastreams.topology.errors.DeadLetterDeserializationHandler;
import dev.gemmastreams.topology.errors.DeadLetterProcessingHandler;
import dev.gemmastreams.topology.errors.DeadLetterProductionHandler;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** The whole topology on a {@link TopologyTestDriver}, with deterministic engines and typed topics. */
public final class TopologyFixture implements AutoCloseable {

    public static final TopicNames TOPICS = TopicNames.defaults();
    public static final int MAX_CHARS = 200;
    public static final Duration QUESTION_WAIT = Duration.ofMinutes(5);
    /** How many bytes of the original key and value a dead letter keeps here. */
    public static final int MAX_ORIGINAL_BYTES = 256;
    public static final TopologySettings SETTINGS = new TopologySettings(MAX_CHARS, MAX_CHARS, QUESTION_WAIT,
            Duration.ofSeconds(1), 3, Duration.ZERO, 8, 16);

    public final EchoSummarizer summarizer;
    public final EchoAnswerer answerer;
    public final TopologySerdes serdes;
    public final CountingMetrics metrics = new CountingMetrics();
    public final MutableClock clock = new MutableClock();
    public final TopologyTestDriver driver;
    public final TestInputTopic<String, Document> documents;
    public final TestInputTopic<String, byte[]> rawDocuments;
    public final TestInputTopic<String, Question> questions;
    public final TestOutputTopic<String, Summary> summaries;
    public final TestOutputTopic<String, Answer> answers;
    public final TestOutputTopic<String, SafetyVerdict> verdicts;
    public final TestOutputTopic<String, DeadLetter> deadLetters;

    public TopologyFixture() {
        this(new EchoSummarizer());
    }

    public TopologyFixture(EchoSummarizer summarizer) {
        this(summarizer, new EchoAnswerer());
    }

    public TopologyFixture(EchoSummarizer summarizer, EchoAnswerer answerer) {
        this(summarizer, answerer, SETTINGS);
    }

    public TopologyFixture(TopologySettings settings) {
        this(new EchoSummarizer(), new EchoAnswerer(), settings);
    }

    public TopologyFixture(EchoSummarizer summarizer, EchoAnswerer answerer, TopologySettings settings) {
        this.summarizer = summarizer;
        this.answerer = answerer;
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        this.serdes = TopologySerdes.using(registry);
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir());
        config.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class);
        config.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
        config.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class);
        config.put(DeadLetterConfig.TOPIC, TOPICS.deadLetters());
        config.put(DeadLetterConfig.REGISTRY, registry);
        config.put(DeadLetterConfig.METRICS, metrics);
        config.put(DeadLetterConfig.MAX_ORIGINAL_BYTES, MAX_ORIGINAL_BYTES);
        TopologyServices services = new TopologyServices(summarizer, answerer, new KeywordSafety(),
                text -> text.isBlank() ? 0 : text.strip().split("\\s+").length, metrics, clock);
        driver = new TopologyTestDriver(GemmaStreamsTopology.build(TOPICS, serdes, settings, services, 1), config);

        StringSerializer keys = new StringSerializer();
        StringDeserializer keysIn = new StringDeserializer();
        documents = driver.createInputTopic(TOPICS.documents(), keys, serdes.documents().serializer());
        rawDocuments = driver.createInputTopic(TOPICS.documents(), keys, new ByteArraySerializer());
        questions = driver.createInputTopic(TOPICS.questions(), keys, serdes.questions().serializer());
        summaries = driver.createOutputTopic(TOPICS.summaries(), keysIn, serdes.summaries().deserializer());
        answers = driver.createOutputTopic(TOPICS.answers(), keysIn, serdes.answers().deserializer());
        verdicts = driver.createOutputTopic(TOPICS.safetyVerdicts(), keysIn, serdes.verdicts().deserializer());
        deadLetters = driver.createOutputTopic(TOPICS.deadLetters(), keysIn, serdes.deadLetters().deserializer());
    }

    /** A folder of its own, so that two fixtures can run at once. */
    private static String stateDir() {
        try {
            return java.nio.file.Files.createTempDirectory("topology-test-state").toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Moves the service's clock and the driver's wall-clock time together (runs due punctuations). */
    public void advance(Duration duration) {
        clock.advance(duration);
        driver.advanceWallClockTime(duration);
    }

    public static Document document(String id, String text) {
        return Document.newBuilder().setId(id).setText(text).build();
    }

    public static Question question(String id, String text, String documentId) {
        return Question.newBuilder().setId(id).setQuestion(text).setDocumentId(documentId).build();
    }

    public static Question inlineQuestion(String id, String text, String context) {
        return Question.newBuilder().setId(id).setQuestion(text).setContext(context).build();
    }

    @Override
    public void close() {
        driver.close();
    }
}
