package dev.gemmastreams.engine.safety.pii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A labeled corpus ({@code pii/corpus.tsv} by default), with expected substrings turned into spans. A {@code \n} in a
 * text or a label stands for a line break, which a TSV line cannot hold.
 */
record LabeledCorpus(List<Line> lines) {

    record Line(int lineNumber, String language, String format, String text, List<Finding> expected) {
    }

    static LabeledCorpus load() {
        return load("/pii/corpus.tsv");
    }

    static LabeledCorpus load(String resource) {
        try (InputStream stream = LabeledCorpus.class.getResourceAsStream(resource)) {
            if (stream == null) {
                throw new IllegalStateException(resource + " is not on the test classpath");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8));
            List<Line> lines = new ArrayList<>();
            String raw;
            int number = 0;
            while ((raw = reader.readLine()) != null) {
                number++;
                if (!raw.isBlank() && !raw.startsWith("#")) {
                    lines.add(parse(number, raw));
                }
            }
            return new LabeledCorpus(List.copyOf(lines));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Line parse(int number, String raw) {
        String[] columns = raw.split("\t");
        if (columns.length < 3) {
            throw new IllegalArgumentException("corpus line " + number + ": needs language, format and text");
        }
        String text = withLineBreaks(columns[2]);
        List<Finding> expected = new ArrayList<>();
        Map<String, Integer> searchFrom = new HashMap<>();
        for (int c = 3; c < columns.length; c++) {
            String label = columns[c];
            int equals = label.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("corpus line " + number + ": expected TYPE=substring: " + label);
            }
            PiiType type = PiiType.valueOf(label.substring(0, equals));
            String value = withLineBreaks(label.substring(equals + 1));
            int start = text.indexOf(value, searchFrom.getOrDefault(value, 0));
            if (start < 0) {
                throw new IllegalArgumentException("corpus line " + number + ": '" + value + "' not in the text");
            }
            searchFrom.put(value, start + value.length());
            expected.add(new Finding(type, start, start + value.length()));
        }
        return new Line(number, columns[0], columns[1], text, List.copyOf(expected));
    }

    private static String withLineBreaks(String column) {
        return column.replace("\\n", "\n");
    }
}
