package dev.gemmastreams.service.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.Question;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./gemma-streams ask DOC-ID "question"}: publishes a question and waits for its answer. */
@Command(name = "ask", mixinStandardHelpOptions = true, description = "Ask a question about a published document"
        + " and wait for the answer.")
final class AskCommand implements Callable<Integer> {

    @Mixin ServiceConnection connection;
    @Parameters(index = "0", paramLabel = "DOC-ID") String documentId;
    @Parameters(index = "1", paramLabel = "QUESTION") String question;
    @Option(names = "--id", description = "question id (default: a new UUID)") String id;
    @Option(names = "--wait", defaultValue = "PT5M", description = "how long to wait for the answer (ISO-8601)")
    Duration wait;

    @Override
    public Integer call() throws Exception {
        String questionId = id != null ? id : "q-" + UUID.randomUUID();
        try (KafkaConsumer<String, Answer> answers = connection.consumer(Answer.class, List.of("answers"));
             KafkaProducer<String, Question> producer = connection.producer()) {
            producer.send(new ProducerRecord<>("questions", questionId, Question.newBuilder().setId(questionId)
                    .setQuestion(question).setDocumentId(documentId).setAskedAt(Instant.now()).build())).get();
            System.err.println("asked " + questionId + "; waiting up to " + wait + " for the answer...");
            Instant deadline = Instant.now().plus(wait);
            while (Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<String, Answer> record : answers.poll(ServiceConnection.POLL)) {
                    if (questionId.equals(record.key())) {
                        System.out.println(ResultsCommand.describe(record.value()));
                        return 0;
                    }
                }
            }
        }
        System.err.println("no answer within " + wait + " (see ./gemma-streams results for dead letters)");
        return 2;
    }
}
