package dev.gemmastreams.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client commands against the real service print only their documented lines on stdout, so they can be
 * piped; logs (the Kafka clients' configuration dumps among them) go to stderr, warnings only unless --verbose.
 * Each command runs once against one service; each test reads one command's output.
 */
class CommandLineOutputTest {

    private static final Duration START = Duration.ofSeconds(120);
    private static final Duration COMMAND = Duration.ofMinutes(3);
    private static final String RESULT_LINE = "^(summary  |answer   |dead     )\\S+ .*";

    @TempDir
    static Path work;

    private static ServiceProcess service;
    private static CliProcess.Run publish;
    private static CliProcess.Run ask;
    private static CliProcess.Run results;
    private static CliProcess.Run verboseResults;
    private static CliProcess.Run tokenize;

    @BeforeAll
    static void runTheCommandsAgainstTheService() throws Exception {
        int kafkaPort = ServiceProcess.freePort();
        service = ServiceProcess.start(work,
                "--gemma-streams.kafka.embedded.port=" + kafkaPort,
                "--gemma-streams.kafka.embedded.data-dir=" + work.resolve("kafka"),
                "--gemma-streams.streams.state-dir=" + work.resolve("streams"),
                "--gemma-streams.model.demo-dir=" + TestModels.demoDir(),
                "--gemma-streams.model.max-summary-tokens=8",
                "--gemma-streams.model.max-answer-tokens=8");
        service.awaitReady(START);
        CliProcess cli = CliProcess.unpack(work);
        String[] connection = {"--bootstrap-servers", "localhost:" + kafkaPort,
                "--registry", "http://localhost:" + service.httpPort()};
        Path notes = Files.writeString(work.resolve("notes.txt"), "Kafka Streams keeps state in local stores.\n");

        publish = cli.run("", COMMAND, concat(new String[] {"publish", notes.toString()}, connection));
        ask = cli.run("", COMMAND, concat(new String[] {"ask", "notes", "What keeps state?", "--id", "q-cli",
                "--wait", "PT2M"}, connection));
        results = cli.run("", COMMAND, concat(new String[] {"results", "--idle", "PT15S"}, connection));
        verboseResults = cli.run("", COMMAND,
                concat(new String[] {"results", "--idle", "PT15S", "--verbose"}, connection));
        tokenize = cli.run("Hello Kafka.\nnaïve €5\n", COMMAND,
                "model", "tokenize", "--model", TestModels.demoDir().toString());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void publishPrintsOneLinePerDocument() {
        assertThat(publish.exit()).as(publish.stderr()).isZero();
        assertThat(publish.stdout()).as(publish.stderr()).singleElement().asString()
                .matches("published notes \\(43 chars\\) to documents-\\d+@\\d+");
    }

    @Test
    void askPrintsOnlyTheAnswerLine() {
        assertThat(ask.exit()).as(ask.stderr()).isZero();
        assertThat(ask.stdout()).as(ask.stderr()).singleElement().asString().startsWith("answer   q-cli ");
        assertThat(ask.stderr()).contains("asked q-cli");
    }

    @Test
    void resultsPrintsOneLinePerResult() {
        assertThat(results.exit()).as(results.stderr()).isZero();
        assertThat(results.stdout()).as(results.stderr()).hasSize(2).allMatch(line -> line.matches(RESULT_LINE));
        assertThat(results.stdout()).anyMatch(line -> line.startsWith("summary  notes "))
                .anyMatch(line -> line.startsWith("answer   q-cli "));
    }

    @Test
    void logsGoToStderrWarningsOnlyByDefault() {
        assertThat(results.stderr()).doesNotContain("ConsumerConfig values").doesNotContain(" INFO ");
    }

    @Test
    void verboseLogsMoreOnStderrAndLeavesStdoutAsItIs() {
        assertThat(verboseResults.exit()).as(verboseResults.stderr()).isZero();
        assertThat(verboseResults.stderr()).contains(" INFO ").contains("ConsumerConfig values");
        assertThat(verboseResults.stdout()).containsExactlyInAnyOrderElementsOf(results.stdout());
    }

    @Test
    void modelTokenizePrintsOnlyOneJsonArrayPerLine() {
        assertThat(tokenize.exit()).as(tokenize.stderr()).isZero();
        assertThat(tokenize.stdout()).as(tokenize.stderr()).hasSize(2)
                .allMatch(line -> line.matches("\\[2(,\\d+)+]"));
    }

    private static String[] concat(String[] first, String[] second) {
        String[] all = new String[first.length + second.length];
        System.arraycopy(first, 0, all, 0, first.length);
        System.arraycopy(second, 0, all, first.length, second.length);
        return all;
    }
}
