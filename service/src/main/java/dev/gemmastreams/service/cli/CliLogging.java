package dev.gemmastreams.service.cli;

import ch.qos.logback.classic.Level;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the commands' stdout for their own lines: every library's log (Kafka clients' configuration dumps, Jlama)
 * goes to stderr, warnings only unless {@code --verbose}.
 */
final class CliLogging {

    static final String CONFIGURATION = "gemma-streams-cli-logback.xml";

    private CliLogging() {
    }

    /** Must run before the first logger is created; an explicit {@code -Dlogback.configurationFile} wins. */
    static void toStderr() {
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", CONFIGURATION);
        }
    }

    /** INFO and above, still on stderr. */
    static void verbose() {
        if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
            root.setLevel(Level.INFO);
        }
    }
}
