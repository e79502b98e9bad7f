package dev.gemmastreams.engine.safety.pii;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class PiiCommandTest {

    private static String run(String input) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        int status = PiiCommand.run(new BufferedReader(new StringReader(input)), out);
        assertThat(status).isZero();
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsCompactJsonArrayPerLine() {
        assertThat(run("mail a@example.com\n")).isEqualTo("[{\"type\":\"EMAIL\",\"start\":5,\"end\":18}]"
                + System.lineSeparator());
    }

    @Test
    void printsEmptyArrayForLineWithoutPii() {
        assertThat(run("nothing\n\n")).isEqualTo("[]" + System.lineSeparator() + "[]" + System.lineSeparator());
    }

    @Test
    void printsOneOutputLinePerInputLine() {
        assertThat(run("a@example.com\nnone\n192.0.2.1 and 4111111111111111").lines()).containsExactly(
                "[{\"type\":\"EMAIL\",\"start\":0,\"end\":13}]",
                "[]",
                "[{\"type\":\"IP_ADDRESS\",\"start\":0,\"end\":9},{\"type\":\"CREDIT_CARD\",\"start\":14,\"end\":30}]");
    }

    @Test
    void offsetsIgnoreWindowsLineEndings() {
        assertThat(run("a@example.com\r\n").lines()).containsExactly("[{\"type\":\"EMAIL\",\"start\":0,\"end\":13}]");
    }

    @Test
    void printsNothingForEmptyInput() {
        assertThat(run("")).isEmpty();
    }
}
