package dev.gemmastreams.engine.safety.pii;

/**
 * The header cell above a cell of a table pasted as text: CSV or semicolon rows, tab-separated rows, Markdown
 * tables. A row's neighbours above with as many delimiters belong to the same table, and its first row names the
 * columns ("name,ssn\nA. Smith,536221847": the second cell is an SSN column; "| Version | Date |\n| 1.2.0.4 |...":
 * the first a version column). What is one record to a detector is a row of a table to the person reading it.
 */
final class TableHeaders {

    /** How far up a header is looked for: a table pasted into a message is seldom longer. */
    private static final int MAX_ROWS_UP = 50;
    /** A line longer than this is no table row; and no header is looked for further up than this. */
    private static final int MAX_ROW_CHARS = 4096;
    private static final int MAX_CHARS_UP = 4 * MAX_ROW_CHARS;
    private static final String DELIMITERS = "|\t;,";

    private TableHeaders() {
    }

    /**
     * The header of the column holding {@code index}, stripped of spaces and quotes; empty when the line is no table
     * row or no row of the same table stands above it.
     */
    static String headerAbove(String text, int index) {
        int lineStart = Lines.startWithin(text, index, MAX_ROW_CHARS);
        if (lineStart <= 0) {
            return "";
        }
        String line = lineAt(text, lineStart);
        char delimiter = line == null ? 0 : delimiterOf(line);
        if (delimiter == 0) {
            return "";
        }
        int cells = count(line, delimiter, line.length());
        int first = lineStart;
        for (int rows = 0; first > 0 && rows < MAX_ROWS_UP && lineStart - first < MAX_CHARS_UP; rows++) {
            int previous = Lines.startWithin(text, first - 1, MAX_ROW_CHARS);
            String above = previous < 0 ? null : lineAt(text, previous);
            if (above == null || count(above, delimiter, Integer.MAX_VALUE) != cells) {
                break;
            }
            first = previous;
        }
        if (first == lineStart) {
            return "";
        }
        String[] header = lineAt(text, first).split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1);
        int column = count(line, delimiter, index - lineStart);
        return column < header.length ? header[column].strip().replaceAll("^[\"']|[\"']$", "") : "";
    }

    /** The line starting at {@code start}, or null when it is too long to be a table row. */
    private static String lineAt(String text, int start) {
        int end = Lines.endWithin(text, start, MAX_ROW_CHARS);
        return end < 0 ? null : text.substring(start, end);
    }

    /** The first delimiter (in the order Markdown pipe, tab, semicolon, comma) the line holds. */
    private static char delimiterOf(String line) {
        for (int d = 0; d < DELIMITERS.length(); d++) {
            if (line.indexOf(DELIMITERS.charAt(d)) >= 0) {
                return DELIMITERS.charAt(d);
            }
        }
        return 0;
    }

    private static int count(String line, char c, int before) {
        int count = 0;
        for (int i = 0; i < Math.min(before, line.length()); i++) {
            if (line.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }
}
