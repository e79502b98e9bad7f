package dev.gemmastreams.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The command line behind {@code ./gemma-streams}: model tools, safety tools, and a client of a running service.
 * (Running the service itself is {@code GemmaStreamsApplication}.)
 */
@Command(name = "gemma-streams", mixinStandardHelpOptions = true,
        subcommands = {ModelCommands.class, SafetyCommands.class, PublishCommand.class, AskCommand.class,
                ResultsCommand.class})
public final class Cli {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Cli()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("gemma-streams: " + e.getMessage());
            return 1;
        }).execute(args));
    }
}
