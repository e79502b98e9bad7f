package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * E-mail addresses, the practical subset of RFC 5322 that people write: a dot-atom local part (letters of any
 * space-separated script, digits and {@code _%+-'}, single dots inside) and a host name of at least two labels with a
 * letter-only top-level domain (or an IDN {@code xn--} one). Quoted local parts and address literals are left out,
 * and so are ssh logins, which share the shape: {@code git@github.com:team/repo.git} (scp-like syntax, the host
 * glued by a colon to a path) and {@code ssh://git@host/...} (the user part of a URL), and message ids
 * ({@code Message-ID: <20250311.4471@mail.example.com>}, In-Reply-To, References, Content-ID), which name a
 * message, not anyone's mailbox.
 *
 * <p>Scanning starts at each '@' and grows outwards with fixed caps (64 for the local part, 253 for the domain), so
 * the cost stays linear in the text even for a text full of '@'.
 */
public final class EmailDetector implements PiiTypeDetector {

    private static final int MAX_LOCAL = 64;
    private static final int MAX_DOMAIN = 253;
    private static final int MAX_LABEL = 63;
    private static final int MAX_HEADER_LINE = 998;
    private static final int MAX_HEADER_FOLDS = 16;
    private static final Set<String> FILE_EXTENSIONS = Set.of(
            "png", "jpg", "jpeg", "gif", "svg", "webp", "bmp", "ico", "pdf", "txt", "htm", "html", "json", "xml",
            "css", "js", "yml", "yaml", "csv", "log", "exe", "dll", "jar", "class", "java", "kt", "tgz", "gz");
    /**
     * The header (or log key) of the logical line an address sits on names a message id. A folded header goes on
     * in lines that start with white space ("References: <a@x>\n <b@y>").
     */
    private static final Pattern MESSAGE_ID_HEADER = Pattern.compile(
            "(?i)^[\\s\"'{,]*(?:x-|original-|resent-)?"
                    + "(?:message[-_ ]?id|in-reply-to|references|content-id)[\"']?\\s*[:=]");
    /**
     * A message id named by a key inside a line, not a header: "message-id 4471.1293@example.net", "msgid=..."
     * (mail and spam-filter logs). Bounded: the key is at most 16 characters before the id.
     */
    private static final Pattern MESSAGE_ID_KEY_BEFORE = Pattern.compile(
            "(?i)(?<![\\p{L}\\d_.-])(?:msg|message)[-_ ]?id\\s{0,2}[=:]?\\s{0,2}[<\"']?$");

    /**
     * Exim logs a message's Message-ID as "id=" on its arrival line, which carries Exim's own message id
     * ("1tIxyz-0004Ab-3Q", base-62 6-6-2, or 6-11-4 since Exim 4.97). A bare "id=" elsewhere may well be a login.
     */
    private static final Pattern BARE_ID_KEY_BEFORE = Pattern.compile("(?i)(?<![\\p{L}\\d_.-])id=<?$");
    private static final Pattern EXIM_MESSAGE_ID = Pattern.compile(
            "(?<![\\p{Alnum}-])[0-9A-Za-z]{6}-(?:[0-9A-Za-z]{6}-[0-9A-Za-z]{2}|[0-9A-Za-z]{11}-[0-9A-Za-z]{4})(?![\\p{Alnum}-])");
    private static final int ID_KEY_WINDOW = 16;

    /** RFC 5322 allows more ("/", "=", "?"...), but in logs and URLs those glue keys and paths onto the address. */
    private static final String LOCAL_SPECIALS = "_%+-'";

    @Override
    public PiiType type() {
        return PiiType.EMAIL;
    }

    @Override
    public List<Finding> detect(String text) {
        List<Finding> findings = new ArrayList<>();
        int searchFrom = 0;
        int at;
        while ((at = text.indexOf('@', searchFrom)) >= 0) {
            searchFrom = at + 1;
            int start = localPartStart(text, at);
            int end = domainEnd(text, at + 1);
            if (isEdifactQualifierAfter(text, end) && isEdifactTagAt(text, start, at)) {
                start += 4; // "COM+jane.roe@...": the segment tag and its "+" are no part of the local part
            }
            if (start < at && end > at + 1 && (findings.isEmpty() || findings.getLast().end() <= start)
                    && !isSshLogin(text, start, end) && !isMessageId(text, start) && !isSipUri(text, start)
                    && !isMessageIdAfterKey(text, start)) {
                findings.add(new Finding(PiiType.EMAIL, start, end));
                searchFrom = end;
            }
        }
        return findings;
    }

    /**
     * "git@host:path" or "scheme://user@host": a login to a host, not a mailbox. A colon after an address that
     * ends a sentence clause ("write to ops@example.com: we answer") is followed by a space, not a path.
     */
    private static boolean isSshLogin(String text, int start, int end) {
        boolean scpLike = CharClasses.isCharAt(text, end, ':') && end + 1 < text.length()
                && !Character.isWhitespace(text.charAt(end + 1)) && !isEdifactQualifierAfter(text, end);
        boolean urlUser = start >= 3 && text.startsWith("://", start - 3);
        return scpLike || urlUser;
    }

    /**
     * "COM+jane.roe@example.com:EM'": in an EDIFACT segment a colon, a two- or three-letter code qualifier and the
     * segment's closing "'" follow the address; that is no scp-like path.
     */
    private static boolean isEdifactQualifierAfter(String text, int colon) {
        if (!CharClasses.isCharAt(text, colon, ':')) {
            return false;
        }
        int i = colon + 1;
        while (i < text.length() && i - colon <= 3 && text.charAt(i) >= 'A' && text.charAt(i) <= 'Z') {
            i++;
        }
        return i - colon >= 3 && CharClasses.isCharAt(text, i, '\'');
    }

    /** Three capitals and "+" at a line start, within the local part ending at {@code at}. */
    private static boolean isEdifactTagAt(String text, int start, int at) {
        return at - start >= 5 && (start == 0 || text.charAt(start - 1) == '\n')
                && EdifactSegments.tagAt(text, start);
    }

    /**
     * "sip:+493012345678@sip.example.de", "sips:alice@example.com": a SIP URI names a phone line or a SIP account
     * to call, not a mailbox; a number in its user part is left to the phone detector.
     */
    private static boolean isSipUri(String text, int start) {
        int scheme = start >= 4 && text.regionMatches(true, start - 4, "sip:", 0, 4) ? start - 4
                : start >= 5 && text.regionMatches(true, start - 5, "sips:", 0, 5) ? start - 5 : -1;
        return scheme >= 0 && !CharClasses.isWordCharAt(text, scheme - 1);
    }

    /** An address in angle brackets on a Message-ID, In-Reply-To, References or Content-ID line. */
    private static boolean isMessageId(String text, int start) {
        int open = start - 1;
        while (open >= 0 && text.charAt(open) != '<' && !Character.isWhitespace(text.charAt(open))) {
            open--; // an id's left part may hold what no address does: "<CAB7x2=Kp4@mail.example.com>"
        }
        if (open < 0 || text.charAt(open) != '<') {
            return false;
        }
        // RFC 5322 lines hold at most 998 characters; a header folded over a few lines is looked at up to its name.
        int lineStart = Lines.startWithin(text, start, MAX_HEADER_LINE);
        for (int folds = 0; lineStart > 0 && folds < MAX_HEADER_FOLDS
                && (text.charAt(lineStart) == ' ' || text.charAt(lineStart) == '\t'); folds++) {
            lineStart = Lines.startWithin(text, lineStart - 1, MAX_HEADER_LINE); // a folded header: its first line names it
        }
        return lineStart >= 0 && MESSAGE_ID_HEADER.matcher(text.substring(lineStart, open)).find();
    }

    /** "message-id 4471.1293@example.net", "msgid=<...>", and "id=..." on an Exim log line. */
    private static boolean isMessageIdAfterKey(String text, int start) {
        String before = text.substring(Math.max(0, start - ID_KEY_WINDOW), start);
        if (MESSAGE_ID_KEY_BEFORE.matcher(before).find()) {
            return true;
        }
        if (!BARE_ID_KEY_BEFORE.matcher(before).find()) {
            return false;
        }
        int lineStart = Lines.startWithin(text, start, MAX_HEADER_LINE);
        return lineStart >= 0 && EXIM_MESSAGE_ID.matcher(text.substring(lineStart, start)).find();
    }

    /** Start of the local part ending right before {@code at}; {@code at} itself when there is none. */
    private static int localPartStart(String text, int at) {
        int start = at;
        int limit = Math.max(0, at - MAX_LOCAL);
        while (start > limit && isLocalChar(text.charAt(start - 1))) {
            start--;
        }
        if (start == limit && limit > 0 && isLocalChar(text.charAt(limit - 1))) {
            return at; // longer than any real local part
        }
        // Dots may only sit between atoms: drop leading dots, and anything up to a double dot.
        for (int i = at - 2; i >= start; i--) {
            if (text.charAt(i) == '.' && text.charAt(i + 1) == '.') {
                start = i + 2;
                break;
            }
        }
        while (start < at && text.charAt(start) == '.') {
            start++;
        }
        // Quote marks and similar openers in front are punctuation of the sentence, not of the address.
        while (start < at && text.charAt(start) == '\'') {
            start++;
        }
        if (start < at && text.charAt(at - 1) == '.') {
            return at;
        }
        return start;
    }

    private static boolean isLocalChar(char c) {
        return CharClasses.isWordChar(c) || c == '.' || LOCAL_SPECIALS.indexOf(c) >= 0;
    }

    /** End of a valid host name starting at {@code from}; {@code from} itself when there is none. */
    private static int domainEnd(String text, int from) {
        int n = text.length();
        int limit = Math.min(n, from + MAX_DOMAIN);
        int labels = 0;
        int labelStart = from;
        int lastGoodEnd = from;
        int i = from;
        while (true) {
            int labelEnd = labelStart;
            while (labelEnd < limit && isLabelChar(text.charAt(labelEnd))) {
                labelEnd++;
            }
            if (!isValidLabel(text, labelStart, labelEnd)) {
                break;
            }
            labels++;
            if (labels >= 2 && isTopLevelDomain(text, labelStart, labelEnd)) {
                lastGoodEnd = labelEnd;
            }
            i = labelEnd;
            // A dot continues the host only when a label follows; otherwise it ends the sentence.
            if (i + 1 < limit && text.charAt(i) == '.' && isLabelChar(text.charAt(i + 1))) {
                labelStart = i + 1;
            } else {
                break;
            }
        }
        if (lastGoodEnd > from && lastGoodEnd < n && isLabelChar(text.charAt(lastGoodEnd))) {
            return from; // a label was cut by the length cap or by an invalid character
        }
        return lastGoodEnd;
    }

    private static boolean isLabelChar(char c) {
        return CharClasses.isWordChar(c) || c == '-';
    }

    private static boolean isValidLabel(String text, int start, int end) {
        return end > start && end - start <= MAX_LABEL
                && text.charAt(start) != '-' && text.charAt(end - 1) != '-';
    }

    private static boolean isTopLevelDomain(String text, int start, int end) {
        if (end - start >= 4 && text.startsWith("xn--", start)) {
            return true;
        }
        if (FILE_EXTENSIONS.contains(text.substring(start, end).toLowerCase(Locale.ROOT))) {
            return false; // "icon@2x.png": a file name, and none of these is a top-level domain
        }
        if (end - start < 2) {
            return false;
        }
        for (int i = start; i < end; i++) {
            if (!Character.isLetter(text.charAt(i)) || CharClasses.isAsciiDigit(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
