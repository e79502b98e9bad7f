package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * A maximal run of ASCII digit groups joined by single separator characters, e.g. {@code 4111 1111 1111 1111} or
 * {@code 536-22-1847}, that stands alone: not glued to letters or digits, and not a piece of a dotted or decimal
 * number. Groups are kept as [start, end) pairs into the text.
 */
final class DigitGroupRun {

    private final int[] starts;
    private final int[] ends;

    private DigitGroupRun(int[] starts, int[] ends) {
        this.starts = starts;
        this.ends = ends;
    }

    /** All runs in the text, left to right; {@code separators} lists the characters allowed between groups. */
    static List<DigitGroupRun> findAll(String text, String separators) {
        List<DigitGroupRun> runs = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!CharClasses.isAsciiDigit(text.charAt(i))) {
                i++;
                continue;
            }
            List<int[]> groups = new ArrayList<>();
            int groupStart = i;
            while (true) {
                int groupEnd = groupStart;
                while (groupEnd < n && CharClasses.isAsciiDigit(text.charAt(groupEnd))) {
                    groupEnd++;
                }
                groups.add(new int[] {groupStart, groupEnd});
                boolean joined = groupEnd + 1 < n
                        && separators.indexOf(text.charAt(groupEnd)) >= 0
                        && CharClasses.isAsciiDigit(text.charAt(groupEnd + 1));
                if (!joined) {
                    i = groupEnd;
                    break;
                }
                groupStart = groupEnd + 1;
            }
            DigitGroupRun run = standAlone(text, groups);
            if (run != null) {
                runs.add(run);
            }
        }
        return runs;
    }

    /** Drops groups glued to letters at either end; null when nothing usable is left. */
    private static DigitGroupRun standAlone(String text, List<int[]> groups) {
        int first = 0;
        int last = groups.size() - 1;
        int runStart = groups.get(first)[0];
        int runEnd = groups.get(last)[1];
        if (isIdentifierJoinBefore(text, runStart) || isIdentifierJoinAfter(text, runEnd)) {
            return null; // "SN-4111-1111-1111-1111" or "4.5.6-rc1": the whole run is part of an identifier
        }
        if (CharClasses.isWordCharAt(text, runStart - 1) || isDecimalBefore(text, runStart)) {
            first++; // e.g. "A123 4567": the first group belongs to a word
        }
        if (CharClasses.isWordCharAt(text, runEnd) || isDecimalAfter(text, runEnd)) {
            last--;
        }
        if (first > last) {
            return null;
        }
        int count = last - first + 1;
        int[] starts = new int[count];
        int[] ends = new int[count];
        for (int g = 0; g < count; g++) {
            starts[g] = groups.get(first + g)[0];
            ends[g] = groups.get(first + g)[1];
        }
        return new DigitGroupRun(starts, ends);
    }

    /** "1.2345...": the run continues a decimal or dotted number to its left (a comma is too common in CSV). */
    private static boolean isDecimalBefore(String text, int start) {
        return CharClasses.isCharAt(text, start - 1, '.') && CharClasses.isDigitAt(text, start - 2);
    }

    private static boolean isDecimalAfter(String text, int end) {
        return CharClasses.isCharAt(text, end, '.') && CharClasses.isDigitAt(text, end + 1);
    }

    private static boolean isIdentifierJoinBefore(String text, int start) {
        return (CharClasses.isCharAt(text, start - 1, '-') || CharClasses.isCharAt(text, start - 1, '_'))
                && CharClasses.isWordCharAt(text, start - 2);
    }

    private static boolean isIdentifierJoinAfter(String text, int end) {
        return (CharClasses.isCharAt(text, end, '-') || CharClasses.isCharAt(text, end, '_'))
                && CharClasses.isWordCharAt(text, end + 1);
    }

    int groupCount() {
        return starts.length;
    }

    int groupStart(int group) {
        return starts[group];
    }

    int groupEnd(int group) {
        return ends[group];
    }

    int groupLength(int group) {
        return ends[group] - starts[group];
    }

    /** The digits of groups first..last without separators. */
    String digits(String text, int first, int last) {
        StringBuilder sb = new StringBuilder(ends[last] - starts[first]);
        for (int g = first; g <= last; g++) {
            sb.append(text, starts[g], ends[g]);
        }
        return sb.toString();
    }

    /** True when every separator between groups first..last is the same character (no "4111 1111-1111 1111"). */
    boolean sameSeparatorBetween(String text, int first, int last) {
        if (first == last) {
            return true;
        }
        char separator = text.charAt(ends[first]);
        for (int g = first + 1; g < last; g++) {
            if (text.charAt(ends[g]) != separator) {
                return false;
            }
        }
        return true;
    }
}
