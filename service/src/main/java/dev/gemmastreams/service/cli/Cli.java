package dev.gemmastreams.service.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command line behind {@code ./gemma-streams}: model tools, safety tools, and a client of a running service.
 * (Running the service itself is {@code GemmaStreamsApplication}.) Stdout carries only each command's documented
 * lines; logs and progress go to stderr.
 */
@Command(name = "gemma-streams", mixinStandardHelpOptions = true,
        subcommands = {ModelCommands.class, SafetyCommands.class, PublishCommand.class, AskCommand.class,
                ResultsCommand.class})
public final class Cli {

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "log at INFO on stderr (default: warnings only)")
    void verbose(boolean verbose) {
        if (verbose) {
            CliLogging.verbose();
        }
    }

    public static void main(String[] args) {
        CliLogging.toStderr();
        System.exit(new CommandLine(new Cli()).setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("gemma-streams: " + e.getMessage());
            return 1;
        }).execute(args));
    }
}
