package dev.gemmastreams.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/** A prompt's text with where its template and content runs lie (adjacent parts of one kind merged). */
final class PartRuns {

    private final String text;
    /** End offset of each run, ascending. */
    private final int[] ends;
    private final boolean[] template;

    private PartRuns(String text, int[] ends, boolean[] template) {
        this.text = text;
        this.ends = ends;
        this.template = template;
    }

    static PartRuns of(Prompt prompt) {
        StringBuilder text = new StringBuilder();
        List<Integer> ends = new ArrayList<>();
        List<Boolean> kinds = new ArrayList<>();
        for (Prompt.Part part : prompt.parts()) {
            if (part.text().isEmpty()) {
                continue;
            }
            text.append(part.text());
            if (!kinds.isEmpty() && kinds.getLast() == part.template()) {
                ends.set(ends.size() - 1, text.length());
            } else {
                ends.add(text.length());
                kinds.add(part.template());
            }
        }
        int[] endArray = ends.stream().mapToInt(Integer::intValue).toArray();
        boolean[] templateArray = new boolean[kinds.size()];
        for (int i = 0; i < templateArray.length; i++) {
            templateArray[i] = kinds.get(i);
        }
        return new PartRuns(text.toString(), endArray, templateArray);
    }

    String text() {
        return text;
    }

    /** Whether {@code [start, end)} lies inside one template run. */
    boolean withinTemplate(int start, int end) {
        int run = runAt(start);
        return template[run] && end <= ends[run];
    }

    /**
     * Where matching goes on after a refused match: after it (as Hugging Face), but never past the end of the
     * content run it started in, so a template token right after the content is still found.
     */
    int resumeAfterRefused(int start, int end) {
        int run = runAt(start);
        return template[run] ? end : Math.min(end, ends[run]);
    }

    private int runAt(int offset) {
        int low = 0;
        int high = ends.length - 1;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (ends[mid] <= offset) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
