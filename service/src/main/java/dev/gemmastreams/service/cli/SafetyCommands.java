package dev.gemmastreams.service.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

import dev.gemmastreams.engine.safety.pii.PiiCommand;
import picocli.CommandLine.Command;

/** {@code ./gemma-streams safety ...}. */
@Command(name = "safety", description = "Safety tools.", mixinStandardHelpOptions = true,
        subcommands = SafetyCommands.Pii.class)
final class SafetyCommands {

    @Command(name = "pii", description = "Read text lines on stdin; print for each one JSON array of"
            + " {\"type\", \"start\", \"end\"} findings (EMAIL, PHONE, CREDIT_CARD, IBAN, IP_ADDRESS, US_SSN).")
    static final class Pii implements Callable<Integer> {
        @Override
        public Integer call() throws Exception {
            return PiiCommand.run(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
                    System.out);
        }
    }
}
