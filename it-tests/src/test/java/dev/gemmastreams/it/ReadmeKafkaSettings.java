package dev.gemmastreams.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The settings of the README's example for joining a secured cluster (its "## Kafka" section, first sh block),
 * as property name to value, so a test can run exactly what users are told to run.
 */
final class ReadmeKafkaSettings {

    private ReadmeKafkaSettings() {
    }

    static Map<String, String> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("..", "README.md").toAbsolutePath().normalize());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int section = lines.indexOf("## Kafka");
        int start = indexFrom(lines, section, "```sh");
        int end = indexFrom(lines, start + 1, "```");
        Map<String, String> settings = new LinkedHashMap<>();
        for (String line : lines.subList(start + 1, end)) {
            String option = line.strip();
            if (option.endsWith("\\")) {
                option = option.substring(0, option.length() - 1).strip();
            }
            option = option.substring(option.indexOf("--") - (option.contains("'--") ? 1 : 0));
            if (option.startsWith("'") && option.endsWith("'")) {
                option = option.substring(1, option.length() - 1);
            }
            int equals = option.indexOf('=');
            settings.put(option.substring(2, equals), option.substring(equals + 1));
        }
        return settings;
    }

    private static int indexFrom(List<String> lines, int from, String wanted) {
        for (int i = Math.max(from, 0); i < lines.size(); i++) {
            if (lines.get(i).strip().equals(wanted)) {
                return i;
            }
        }
        throw new IllegalStateException("README.md has no '" + wanted + "' after line " + from + " of its Kafka section");
    }
}
