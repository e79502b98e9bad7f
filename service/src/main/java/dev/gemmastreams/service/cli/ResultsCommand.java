package dev.gemmastreams.service.cli;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

import dev.gemmastreams.avro.Answer;
import dev.gemmastreams.avro.DeadLetter;
import dev.gemmastreams.avro.Summary;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code ./gemma-streams results}: summaries, answers and dead letters, one line each. */
@Command(name = "results", mixinStandardHelpOptions = true, description = "Print the summaries, answers and dead"
        + " letters published so far (committed only), one line each.")
final class ResultsCommand implements Callable<Integer> {

    @Mixin ServiceConnection connection;
    @Option(names = "--follow", description = "keep printing new results until interrupted") boolean follow;
    @Option(names = "--idle", defaultValue = "PT3S", description = "stop after this long without new results")
    Duration idle;

    @Override
    public Integer call() {
        try (KafkaConsumer<String, Summary> summaries = connection.consumer(Summary.class, List.of("summaries"));
             KafkaConsumer<String, Answer> answers = connection.consumer(Answer.class, List.of("answers"));
             KafkaConsumer<String, DeadLetter> deadLetters = connection.consumer(DeadLetter.class,
                     List.of("dead-letters"))) {
            Instant lastSeen = Instant.now();
            while (follow || Duration.between(lastSeen, Instant.now()).compareTo(idle) < 0) {
                int seen = print(summaries) + print(answers) + print(deadLetters);
                if (seen > 0) {
                    lastSeen = Instant.now();
                }
            }
        }
        return 0;
    }

    private static <T extends SpecificRecord> int print(KafkaConsumer<String, T> consumer) {
        int count = 0;
        for (ConsumerRecord<String, T> record : consumer.poll(ServiceConnection.POLL)) {
            System.out.println(describe(record.value()));
            count++;
        }
        return count;
    }

    static String describe(SpecificRecord value) {
        return switch (value) {
            case Summary s -> "summary  " + s.getDocumentId() + " " + s.getStatus() + " parts=" + s.getParts()
                    + " tokens=" + s.getGeneration().getPromptTokens() + "+" + s.getGeneration().getCompletionTokens()
                    + (s.getGeneration().getCached() ? " (cached)" : "")
                    + ": " + (s.getSummary() != null ? s.getSummary() : s.getReason());
            case Answer a -> "answer   " + a.getQuestionId() + " " + a.getStatus() + " evidence="
                    + a.getEvidence().stream().map(e -> e.getStart() + "-" + e.getEnd()).toList()
                    + ": " + (a.getAnswer() != null ? a.getAnswer() : a.getReason());
            case DeadLetter d -> "dead     " + d.getOriginalTopic() + "-" + d.getOriginalPartition() + "@"
                    + d.getOriginalOffset() + " " + d.getStage() + " " + d.getErrorType() + ": " + d.getError();
            default -> value.toString();
        };
    }
}
