package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses. Candidates are maximal runs of the characters an address can contain that stand alone
 * (not glued to a word); the parsers then decide. A run of dotted numbers longer than four ({@code 1.2.3.4.5}) is
 * not an address, and neither is a dotted quad introduced as a version ("v1.2.3.4", "version 1.2.3.4").
 */
public final class IpAddressDetector implements PiiTypeDetector {

    /**
     * Short labels must sit right before the number, or be a quoted key ({@code "fw":"4.10.2.7"}); words may be
     * followed by a little code or punctuation.
     */
    private static final Pattern VERSION_LABEL_BEFORE = Pattern.compile(
            "(?iu)(?:(?:\\bv|\\bver\\.?|\\brev\\.?|\\bfw)(?:\\s*[:=]?\\s*|[\"']\\s*[:=]\\s*[\"']?)"
                    + "|(?:version|build|release|firmware|update|versión|versione|versie|wersja|версия|バージョン|版本)"
                    + "[^\\d\\n]{0,12})$");
    private static final int LABEL_WINDOW = 32;

    @Override
    public PiiType type() {
        return PiiType.IP_ADDRESS;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isAddressChar(text.charAt(i))) {
                i++;
                continue;
            }
            int end = i;
            while (end < n && isAddressChar(text.charAt(end))) {
                end++;
            }
            addressIn(text, i, end, findings);
            i = end;
        }
        return findings;
    }

    private static boolean isAddressChar(char c) {
        return CharClasses.isHexDigit(c) || c == '.' || c == ':';
    }

    /** Checks the run [runStart, runEnd), a maximal stretch of hex digits, dots and colons. */
    private void addressIn(String text, int runStart, int runEnd, List<Finding> findings) {
        int start = runStart;
        int end = runEnd;
        // Punctuation around the address belongs to the sentence: "IP:10.0.0.1." or "host 2001:db8::1:".
        while (start < end && text.charAt(start) == '.') {
            start++;
        }
        if (end - start >= 2 && text.charAt(start) == ':' && text.charAt(start + 1) != ':') {
            start++;
        }
        while (end > start && text.charAt(end - 1) == '.') {
            end--;
        }
        if (end - start >= 2 && text.charAt(end - 1) == ':' && text.charAt(end - 2) != ':') {
            end--;
        }
        if (start == end
                || (start == runStart && CharClasses.isWordCharAt(text, start - 1))
                || (end == runEnd && CharClasses.isWordCharAt(text, end))) {
            return; // glued to a word: a hash, an identifier, "v1.2.3.4"
        }
        if (end == runEnd && isIdentifierJoinAfter(text, end)) {
            return; // "4.5.6.7-rc1": a version with a suffix
        }
        int colons = count(text, start, end, ':');
        if (colons >= 2) {
            // Real addresses carry a decimal digit; "a::b" or "cafe::beef" are more likely code.
            if (hasDigit(text, start, end) && Ipv6Parser.isValid(text, start, end)) {
                findings.add(new Finding(PiiType.IP_ADDRESS, start, end));
            }
            return;
        }
        // IPv4, possibly with a port after a single colon: "10.0.0.1:8080".
        int addressEnd = colons == 1 ? text.indexOf(':', start) : end;
        if (colons == 1 && !isPort(text, addressEnd + 1, end)) {
            return;
        }
        if (Ipv4Parser.isValid(text, start, addressEnd) && !isVersionLabelled(text, start)) {
            findings.add(new Finding(PiiType.IP_ADDRESS, start, addressEnd));
        }
    }

    private static boolean isIdentifierJoinAfter(String text, int end) {
        return (CharClasses.isCharAt(text, end, '-') || CharClasses.isCharAt(text, end, '_'))
                && CharClasses.isWordCharAt(text, end + 1);
    }

    private static boolean isPort(String text, int start, int end) {
        if (start >= end || end - start > 5) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!CharClasses.isAsciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean hasDigit(String text, int start, int end) {
        for (int i = start; i < end; i++) {
            if (CharClasses.isAsciiDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    private static int count(String text, int start, int end, char c) {
        int count = 0;
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                count++;
            }
        }
        return count;
    }

    private static boolean isVersionLabelled(String text, int start) {
        int from = Math.max(0, start - LABEL_WINDOW);
        return VERSION_LABEL_BEFORE.matcher(text.subSequence(from, start)).find();
    }
}
