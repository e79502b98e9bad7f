package dev.gemmastreams.engine.safety.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code gemma-streams safety pii}: reads text lines and prints, per line, one compact JSON array of the findings in
 * that line ({@code []} when none). Offsets are UTF-16 indexes into the line without its line terminator.
 */
public final class PiiCommand {

    private PiiCommand() {
    }

    /** @return 0 on success, 1 when the input could not be read */
    public static int run(BufferedReader in, PrintStream out) {
        PiiDetector detector = new PiiDetector();
        try {
            String line;
            while ((line = in.readLine()) != null) {
                out.println(FindingsJson.toJson(detector.detect(line)));
            }
            out.flush();
            return 0;
        } catch (IOException e) {
            System.err.println("safety pii: cannot read input: " + e.getMessage());
            return 1;
        }
    }

    public static void main(String[] args) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        System.exit(run(in, out));
    }
}
