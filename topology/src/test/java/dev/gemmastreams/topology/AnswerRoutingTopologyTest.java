package dev.gemmastreams.topology;

import static dev.gemmastreams.topology.support.TopologyFixture.TOPICS;
import static dev.gemmastreams.topology.support.TopologyFixture.document;
import static dev.gemmastreams.topology.support.TopologyFixture.inlineQuestion;
import static dev.gemmastreams.topology.support.TopologyFixture.question;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.util.List;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Question;
import dev.gemmastreams.avro.Status;
import dev.gemmastreams.avro.internal.QuestionOutcome;
import dev.gemmastreams.avro.internal.QuestionWork;
import dev.gemmastreams.topology.support.EchoAnswerer;
import dev.gemmastreams.topology.support.EchoSummarizer;
import dev.gemmastreams.topology.support.TopologyFixture;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Resolved questions go to the task of their answer-cache key for the model call and come back to the task of
 * their question id in order. The test driver runs one partition; that two records share a repartition key is what
 * puts them on one partition of questions-by-content, whatever partitions their ids are on.
 */
class AnswerRoutingTopologyTest {

    private static final String BY_CONTENT = "topology-test-questions-by-content-repartition";
    private static final String BY_QUESTION = "topology-test-results-by-question-repartition";
    private static final String CONTEXT = "Kafka stores records in topics. Topics have partitions.";

    private TopologyFixture fixture = new TopologyFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void theSameInlineQuestionUnderIdsOnDifferentPartitionsCostsOneModelCallAndGetsTwoAnswers() {
        // Inline questions are routed to questions-by-document by their own id: these two land apart.
        assertThat(partitionOf("q-a", 2)).isNotEqualTo(partitionOf("q-c", 2));
        fixture.questions.pipeInput("q-a", inlineQuestion("q-a", "What has partitions?", CONTEXT));
        fixture.questions.pipeInput("q-c", inlineQuestion("q-c", "What has partitions?", CONTEXT));

        List<KeyValue<String, QuestionWork>> routed = routed();
        assertThat(routed).hasSize(2);
        assertThat(routed.get(0).key).isEqualTo(routed.get(1).key).isNotIn("q-a", "q-c");
        assertThat(fixture.answerer.calls()).isEqualTo(1);
        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId,
                answer -> answer.getGeneration().getCached()).containsExactly(tuple("q-a", false), tuple("q-c", true));
    }

    @Test
    void theSameQuestionAboutTwoDocumentsWithTheSameTextCostsOneModelCall() {
        fixture.documents.pipeInput("doc-1", document("doc-1", CONTEXT));
        fixture.documents.pipeInput("doc-2", document("doc-2", CONTEXT));
        fixture.questions.pipeInput("q-1", question("q-1", "What has partitions?", "doc-1"));
        fixture.questions.pipeInput("q-2", question("q-2", "What has partitions?", "doc-2"));

        assertThat(fixture.answerer.calls()).isEqualTo(1);
        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId, Answer::getDocumentId)
                .containsExactly(tuple("q-1", "doc-1"), tuple("q-2", "doc-2"));
    }

    @Test
    void aDocumentQuestionIsNotAnsweredFromTheCacheOfTheSameInlineQuestionOverTheSameText() {
        String text = "The FORBIDDEN passage.";
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "What is this?", text));
        fixture.documents.pipeInput("doc-1", document("doc-1", text));
        fixture.questions.pipeInput("q-2", question("q-2", "What is this?", "doc-1"));

        // Input safety read q-1's context and blocked it; q-2's document text is not read by it, so q-2 is answered.
        List<KeyValue<String, QuestionWork>> routed = routed();
        assertThat(routed).hasSize(2);
        assertThat(routed.get(0).key).isNotEqualTo(routed.get(1).key);
        assertThat(fixture.answers.readValuesToList()).extracting(Answer::getQuestionId, Answer::getStatus)
                .containsExactly(tuple("q-1", Status.BLOCKED), tuple("q-2", Status.OK));
        assertThat(fixture.answerer.calls()).isEqualTo(1);
    }

    @Test
    void anEngineFailureInTheContentTaskIsADeadLetterPointingAtTheQuestionsRecord() {
        fixture.close();
        fixture = new TopologyFixture(new EchoSummarizer(), new EchoAnswerer().failing(1));
        // An invalid question first (a dead letter, never routed): q-1 is at offset 1 on questions, 0 on by-content.
        fixture.questions.pipeInput("q-0", inlineQuestion("q-0", " ", CONTEXT));
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "What has partitions?", CONTEXT));

        DeadLetter letter = fixture.deadLetters.readValuesToList().getLast();
        assertThat(letter.getErrorType()).isEqualTo("EngineException");
        assertThat(letter.getOriginalTopic()).isEqualTo(TOPICS.questions());
        assertThat(letter.getOriginalPartition()).isZero();
        assertThat(letter.getOriginalOffset()).isEqualTo(1);
        assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("q-1");
        byte[] value = new byte[letter.getValue().remaining()];
        letter.getValue().duplicate().get(value);
        Question original = fixture.serdes.questions().deserializer().deserialize(TOPICS.questions(), value);
        assertThat(original.getId()).isEqualTo("q-1");
        assertThat(fixture.answers.isEmpty()).isTrue();
    }

    @Test
    void aTooLargeAnswerIsADeadLetterPointingAtTheQuestionsRecord() {
        fixture.close();
        fixture = new TopologyFixture(TopologyFixture.SETTINGS.withOutputLimits(700, 64));
        fixture.questions.pipeInput("q-0", inlineQuestion("q-0", "Short?", "Short."));
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "Why " + "long ".repeat(30) + "?", CONTEXT));

        DeadLetter letter = fixture.deadLetters.readValue();
        assertThat(letter.getErrorType()).isEqualTo("RESULT_TOO_LARGE");
        assertThat(letter.getOriginalTopic()).isEqualTo(TOPICS.questions());
        assertThat(letter.getOriginalOffset()).isEqualTo(1);
        assertThat(StandardCharsets.UTF_8.decode(letter.getKey()).toString()).isEqualTo("q-1");
        assertThat(fixture.answers.readKeyValuesToList()).extracting(answer -> answer.key).containsExactly("q-0");
    }

    @Test
    void anOlderVersionsLateAnswerDoesNotOverwriteTheNewerOne() {
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "What has partitions?", CONTEXT));
        fixture.questions.pipeInput("q-1", inlineQuestion("q-1", "What stores records?", CONTEXT));
        List<Answer> published = fixture.answers.readValuesToList();
        Answer newer = published.getLast();

        lateAnswer(published.getFirst(), 0);

        assertThat(fixture.answers.isEmpty()).isTrue();
        assertThat(fixture.driver.<String, Answer>getKeyValueStore(StoreNames.ANSWERS).get("q-1")).isEqualTo(newer);
        assertThat(fixture.metrics.count("result.answer.SUPERSEDED")).isEqualTo(1);
    }

    private List<KeyValue<String, QuestionWork>> routed() {
        return fixture.driver.createOutputTopic(BY_CONTENT, new StringDeserializer(),
                fixture.serdes.questionWork().deserializer()).readKeyValuesToList();
    }

    /** The content stage's answer for the version at the given questions offset, sent back (again) late. */
    private void lateAnswer(Answer old, long offset) {
        TestInputTopic<String, QuestionWork> back = fixture.driver.createInputTopic(BY_QUESTION,
                new StringSerializer(), fixture.serdes.questionWork().serializer());
        back.pipeInput(old.getQuestionId(), QuestionWork.newBuilder()
                .setQuestion(inlineQuestion(old.getQuestionId(), "What has partitions?", CONTEXT))
                .setCacheKey("older").setTopic(TOPICS.questions()).setPartition(0).setOffset(offset)
                .setOutcome(QuestionOutcome.newBuilder().setAnswer(old).setVerdicts(List.of()).build())
                .build());
    }

    /** The partition the default partitioner picks for a key among {@code partitions}. */
    private static int partitionOf(String key, int partitions) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
