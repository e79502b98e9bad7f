package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 addresses. Candidates are maximal runs of the characters an address can contain that stand alone
 * (not glued to a word); the parsers then decide. A run of dotted numbers longer than four ({@code 1.2.3.4.5}) is
 * not an address, and neither is a dotted quad introduced as a version ("v1.2.3.4", "version 1.2.3.4"), another
 * release of a version named earlier in the sentence ("Version 5.4.0.12 fixes 5.4.0.11"), an artifact's tag
 * ({@code registry/app:3.12.0.1}), a section or clause number ("step 3.2.1.4", "Cláusula 7.2.1.4") or a quad a release word points back at
 * ("| 4.12.0.3 | hotfix release |"), a product's version in a User-Agent or Server header ({@code Chrome/122.0.0.0}),
 * a numbered heading opening a line ("1.2.3.4 Scope of Services"), the version an upgrade arrow points at
 * ("3.11.9 -> 3.12.2.1"), a USB port path ({@code usb 2-1.4.3.1}) or a
 * cell of a table column headed as versions ("| Version |", "app_version"); nor is a netmask (255.255.255.0), an
 * OSPF area id ("area 0.0.0.0"), an OID ("OID 2.5.29.17") or a reverse-DNS name (50.113.0.203.in-addr.arpa).
 * An address keeps its tcpdump port (192.0.2.199.51514 > ...) and its tag ("[IPv6:...]", "outside:...") out of
 * its span.
 * Eight two-digit hex groups are a MAC-style EUI-64, not an IPv6 address.
 */
public final class IpAddressDetector implements PiiTypeDetector {

    /**
     * Short labels must sit right before the number, or be a quoted key ({@code "fw":"4.10.2.7"}); words may be
     * followed by a little code or punctuation, on the same line (\z, since $ would match before a final line
     * break and let "app_version" ending a header row label the address below it). A version word in more
     * languages (versão, verze, sürüm, 버전, "updated to" 更新/升级), and a dependency bump as commit messages write
     * it ("Bump protobuf to 3.25.5.1", "Bumps x from 1.2 to ...", "Bumped to 10.2.3.4"); a rollout's "revision
     * 4.2.1.7" and Japanese firmware (ファームウェア 1.4.7.12).
     */
    private static final Pattern VERSION_LABEL_BEFORE = Pattern.compile(
            "(?iu)(?:(?:\\bv|\\bver\\.?|\\brev\\.?|\\bfw)(?:\\s*[:=]?\\s*|[\"']\\s*[:=]\\s*[\"']?)"
                    + "|[\"'](?:app|os|sdk|bios|kernel|lib)[\"']\\s*[:=]\\s*[\"']"
                    + "|(?:version|build|release|firmware|update|versión|versione|versie|wersja|версия|バージョン|版本"
                    + "|versão|versao|verze|verzia|verzió|versiyon|sürüm|versio|версія|버전|更新|升级|アップデート"
                    + "|revision|ファームウェア|ファーム)"
                    + "[^\\d\\n]{0,12}"
                    + "|\\bbump(?:s|ed)?\\s+(?:[\\w@/.-]{1,40}\\s+)?(?:from\\s+\\S{1,20}\\s+)?to\\s+)\\z");
    private static final int LABEL_WINDOW = 32;

    /**
     * Numbered headings, steps and clauses of documents, standards and contracts: "step 3.2.1.4", "§ 4.1.2.3",
     * "Abschnitt 2.1.3.4", "Cláusula 7.2.1.4", "Schedule 3, Part 2.4.1.7". The word start is a letter test, not \b, which is ASCII-only in
     * Java and so would never match before "пункт".
     */
    private static final Pattern SECTION_LABEL_BEFORE = Pattern.compile(
            "(?iu)(?:(?<![\\p{L}\\d])(?:step|section|sec\\.|chapter|clause|paragraph|para\\.|article|art\\."
                    + "|annex|appendix|figure|fig\\.|part|schedule|subsection|exhibit|regulation"
                    + "|teil|anhang|anlage|partie|annexe|parte|anexo|allegato|bijlage|deel|часть|część"
                    + "|avsnitt|afsnit|kapittel|abschnitt|kapitel|chapitre|capítulo|capitolo|sección|sezione|paragraaf|hoofdstuk"
                    + "|cláusula|clausola|klausel|artículo|artigo|articolo|artikel|párrafo|parágrafo|paragrafo|ziffer"
                    + "|статья|rozdział|kapitola|punkt|пункт|раздел|глава)(?:e?s)?(?![\\p{L}\\d])|§{1,2})\\s*$");

    /**
     * Hungarian names the part after its number: "2.4.1.3 fejezet" (chapter), "pont" (point), "szakasz" (section),
     * "bekezdés" (paragraph), with or without the ordinal's dot.
     */
    private static final Pattern SECTION_WORD_AFTER = Pattern.compile(
            "(?iu)^\\.?\\s{1,2}(?:fejezet|pont|szakasz|bekezdés)(?![\\p{L}\\d])");

    /**
     * An LDAP schema definition (RFC 4512) opens with the definition's OID and then its NAME:
     * "olcAttributeTypes: ( 2.5.4.3 NAME 'cn' )".
     */
    private static final Pattern LDAP_SCHEMA_NAME_AFTER = Pattern.compile("^\\s{1,4}NAME\\s{1,4}'");

    /**
     * A release word after the quad that names no number of its own points back at it ("4.12.0.3 (hotfix
     * release)", a table row "| 4.12.0.3 | 2025-03-14 | hotfix release |"); "10.0.0.5 runs build 2.3" does not,
     * nor a machine named for its job ("10.0.0.5 is the build server"), nor a release word whose own number
     * follows a short verb ("203.0.113.87, and the modem firmware is 1.0.2.44").
     */
    private static final Pattern RELEASE_WORD_AFTER = Pattern.compile(
            "(?iu)^[^\\n.]{0,24}?\\b(?:release|hotfix|changelog|version|build|firmware|patch)\\b"
                    + "(?![^\\p{L}\\d\\n]{0,3}(?:\\p{L}{1,5}[^\\p{L}\\d\\n]{1,3})?\\d)"
                    + "(?!\\s+(?:server|host|agent|node|machine|box|runner|bot)s?\\b)");
    private static final int RELEASE_WINDOW = 40;

    /**
     * "1.2.3.4 Scope of Services", "12.3.4.1 The Supplier shall": a line that opens with four small section numbers
     * (none 0, none over 99) and a capitalised word is a numbered heading; "10.0.0.6 is the build server" is not.
     */
    private static final Pattern HEADING_AFTER = Pattern.compile("^ \\p{Lu}\\p{Ll}");
    private static final int MAX_SECTION_NUMBER = 99;

    /**
     * "python 3.11.9 -> 3.12.2.1": an arrow from a version of two or three numbers points at the version it became.
     * An arrow from an address or a port ("10.0.0.1 -> 203.0.113.5", "]:443 -> 10.244.1.17") is a connection.
     */
    private static final Pattern UPGRADE_FROM_VERSION_BEFORE = Pattern.compile(
            "(?<![\\d.:])\\d+\\.\\d+(?:\\.\\d+)?\\s*(?:->|→|=>|⇒)\\s*$");
    private static final int UPGRADE_WINDOW = 32;

    /** "usb 2-1.4.3.1", "/sys/bus/usb/devices/1-1.2.3.4": a bus number and a hyphen, then the hub ports. */
    private static final Pattern USB_BUS_BEFORE = Pattern.compile("(?<![\\d.:-])\\d{1,3}-$");

    /** A table column of versions: "| Version | Date |", "name,build". */
    private static final Pattern VERSION_HEADER = Pattern.compile(
            "(?iu)(?:\\w+[ _-])?(?:version|ver\\.?|build|release|firmware|fw|rev|revision|versión|versione|versie"
                    + "|wersja|версия|バージョン|版本)(?:[ _-]?(?:no\\.?|nr\\.?|number|id))?");

    /**
     * tcpdump and pf write a connection "192.0.2.199.51514 > 203.0.113.10.22:": each address glued to its port by
     * a dot. Only that shape counts (the port of a source the arrow follows, or of a destination an address or host
     * and its port precede); five dotted numbers elsewhere are OIDs or builds (1.3.6.1.4, 10.0.19045.4291).
     */
    private static final Pattern TCPDUMP_ARROW_AFTER = Pattern.compile(" > ");
    private static final Pattern TCPDUMP_SOURCE_BEFORE = Pattern.compile("(?:^|\\s)[\\w.:-]+\\.\\d{1,5} > $");
    private static final int TCPDUMP_WINDOW = 80;
    private static final int MAX_PORT = 65535;

    /**
     * "50.113.0.203.in-addr.arpa" (and a nibble name under ip6.arpa): a reverse-DNS name, the address reversed, not
     * one as written.
     */
    private static final Pattern REVERSE_DNS_AFTER = Pattern.compile("(?i)\\.(?:in-addr|ip6)\\.arpa(?![\\w-])");

    /** "area 0.0.0.0", "area-id 0.0.0.1": an OSPF area id is written as a dotted quad, but names no host. */
    private static final Pattern OSPF_AREA_BEFORE = Pattern.compile("(?i)(?<![\\p{L}\\d])area(?:[-_ ]?id)?[\\s:=]+$");

    /** "OID 2.5.29.17", "oid=2.5.4.3", "OBJECT IDENTIFIER 2.5.29.17": an ASN.1 object id of four arcs. */
    private static final Pattern OID_LABEL_BEFORE = Pattern.compile(
            "(?i)(?<![\\p{L}\\d])(?:oid|object[\\s_-]?identifier)s?\\s*[:=]?\\s*[\"']?$");

    /** Sentences end at a full stop, question or exclamation mark followed by a space, or at a line break. */
    private static final Pattern SENTENCE_END = Pattern.compile("[.!?]\\s|[\\n;]");

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
        if (start < end && start == runStart && CharClasses.isWordCharAt(text, start - 1)) {
            start = afterGluedTag(text, start, end);
        }
        if (start < 0 || start == end
                || (start == runStart && CharClasses.isWordCharAt(text, start - 1))
                || (end == runEnd && CharClasses.isWordCharAt(text, end))) {
            return; // glued to a word: a hash, an identifier, "v1.2.3.4"
        }
        if (end == runEnd && isIdentifierJoinAfter(text, end)) {
            return; // "4.5.6.7-rc1": a version with a suffix
        }
        int portDot = tcpdumpPortDot(text, start, end);
        if (portDot >= 0) {
            end = portDot;
        }
        int colons = count(text, start, end, ':');
        if (colons >= 2) {
            // Real addresses carry a decimal digit; "a::b" or "cafe::beef" are more likely code.
            if (hasDigit(text, start, end) && !isEui64(text, start, end) && Ipv6Parser.isValid(text, start, end)) {
                findings.add(new Finding(PiiType.IP_ADDRESS, start, end));
            }
            return;
        }
        // IPv4, possibly with a port after a single colon: "10.0.0.1:8080".
        int addressEnd = colons == 1 ? text.indexOf(':', start) : end;
        if (colons == 1 && !isPort(text, addressEnd + 1, end)) {
            return;
        }
        if (Ipv4Parser.isValid(text, start, addressEnd) && !isVersionLabelled(text, start)
                && !isArtifactTag(text, start) && !isSectionNumber(text, start)
                && !isReleaseOfEarlierVersion(text, start, addressEnd) && !hasReleaseWordAfter(text, addressEnd)
                && !isProductVersion(text, start) && !isNumberedHeading(text, start, addressEnd)
                && !isUpgradeFromVersion(text, start)
                && !SECTION_WORD_AFTER.matcher(text).region(addressEnd, text.length()).lookingAt()
                && !LDAP_SCHEMA_NAME_AFTER.matcher(text).region(addressEnd, text.length()).lookingAt()
                && !REVERSE_DNS_AFTER.matcher(text).region(addressEnd, text.length()).lookingAt()
                && !isContiguousNetmask(text, start, addressEnd)
                && !OSPF_AREA_BEFORE.matcher(text.subSequence(Math.max(0, start - LABEL_WINDOW), start)).find()
                && !OID_LABEL_BEFORE.matcher(text.subSequence(Math.max(0, start - LABEL_WINDOW), start)).find()
                && !VERSION_HEADER.matcher(TableHeaders.headerAbove(text, start)).matches()
                && !USB_BUS_BEFORE.matcher(text.subSequence(Math.max(0, start - 5), start)).find()) {
            findings.add(new Finding(PiiType.IP_ADDRESS, start, addressEnd));
        }
    }

    /**
     * Where the address starts in a run glued to a word by a tag and a colon, or -1 when it is not so. A tag ending
     * in hex letters or digits falls into the run: "[IPv6:2001:db8::17]" (an RFC 5321 address literal in a Received
     * header, whose "IPv6:" is no part of the address) and "outside:198.51.100.14" (a Cisco ASA interface name, as
     * "inside:", "eth0:") would otherwise read as a hash glued to a word.
     */
    private static int afterGluedTag(String text, int start, int end) {
        if (start >= 3 && text.regionMatches(true, start - 3, "IPv6:", 0, 5)
                && !CharClasses.isWordCharAt(text, start - 4)) {
            return start + 2;
        }
        int colon = indexIn(text, ':', start, end);
        if (colon < 0 || colon + 1 >= end || count(text, start, colon, '.') > 0
                || !CharClasses.isAsciiDigit(text.charAt(colon + 1)) || count(text, colon + 1, end, ':') > 1) {
            return -1;
        }
        return colon + 1; // an IPv4 address, perhaps with its port, is left for the checks below
    }

    /**
     * The dot before a port in tcpdump's "address.port" (see {@link #TCPDUMP_ARROW_AFTER}), or -1: the part before
     * the last dot must itself be an address, so "192.0.2.199 > ..." keeps its last octet.
     */
    private static int tcpdumpPortDot(String text, int start, int end) {
        int dot = end - 1;
        while (dot > start && text.charAt(dot) != '.') {
            dot--;
        }
        if (dot <= start || !isPort(text, dot + 1, end) || Integer.parseInt(text, dot + 1, end, 10) > MAX_PORT) {
            return -1;
        }
        boolean address = count(text, start, dot, ':') >= 2
                ? count(text, start, dot, '.') == 0 && Ipv6Parser.isValid(text, start, dot)
                : Ipv4Parser.isValid(text, start, dot);
        if (!address) {
            return -1;
        }
        boolean source = TCPDUMP_ARROW_AFTER.matcher(text).region(end, text.length()).lookingAt();
        boolean destination = TCPDUMP_SOURCE_BEFORE.matcher(
                text.subSequence(Math.max(0, start - TCPDUMP_WINDOW), start)).find();
        return source || destination ? dot : -1;
    }

    /**
     * "255.255.255.0", "255.255.252.0": a netmask (ones then zeros, the first octet all ones). 255.0.0.0/8 lies in
     * the reserved 240.0.0.0/4, so no host has such an address, with a "netmask" cue or without (Cisco writes
     * "ip address 10.0.0.1 255.255.255.0"). Shorter masks (128.0.0.0, /1 to /7) are real addresses and kept.
     */
    private static boolean isContiguousNetmask(String text, int start, int end) {
        long mask = 0;
        for (String octet : text.substring(start, end).split("\\.")) {
            mask = (mask << 8) | Integer.parseInt(octet);
        }
        long hostBits = ~mask & 0xFFFFFFFFL;
        return (mask >>> 24) == 255 && (hostBits & (hostBits + 1)) == 0;
    }

    /**
     * "00:12:4b:00:1c:a7:36:e2": eight groups of two hex digits is how a MAC-style EUI-64 (Zigbee, Thread, BLE
     * device ids) is written; an IPv6 address written out in full has groups of up to four digits, almost never all
     * of exactly two.
     */
    private static boolean isEui64(String text, int start, int end) {
        if (end - start != 8 * 2 + 7) {
            return false;
        }
        for (int i = start; i < end; i++) {
            boolean separator = (i - start) % 3 == 2;
            if (separator != (text.charAt(i) == ':') || (!separator && !CharClasses.isHexDigit(text.charAt(i)))) {
                return false;
            }
        }
        return true;
    }

    /**
     * "registry.example.com/payments:3.12.0.1", "org.acme:core:1.2.3.4": the quad is glued by a colon to a name
     * whose token holds a path or another colon, the way image and artifact references write their version tag.
     */
    private static boolean isArtifactTag(String text, int start) {
        if (!CharClasses.isCharAt(text, start - 1, ':') || !CharClasses.isWordCharAt(text, start - 2)) {
            return false;
        }
        for (int i = start - 2; i >= 0 && !Character.isWhitespace(text.charAt(i)); i--) {
            char c = text.charAt(i);
            if (c == '/' || c == ':') {
                return true;
            }
            if (c == '"' || c == '\'' || c == '=' || c == ',' || c == '(' || c == '[') {
                return false; // a key or a field before it: "ip:10.0.0.1", "\"host\":\"...\""
            }
        }
        return false;
    }

    /**
     * "Chrome/122.0.0.0", "Edg/122.0.0.0": a product token right before a slash, the way User-Agent and Server headers
     * write a version (RFC 9110). The token is a bare name that stands alone: "ipinfo.io/8.8.8.8" (a host) and
     * "/api/ip/8.8.8.8" (a path) keep their address.
     */
    private static boolean isProductVersion(String text, int start) {
        if (!CharClasses.isCharAt(text, start - 1, '/')) {
            return false;
        }
        int tokenStart = start - 1;
        while (tokenStart > 0 && (CharClasses.isAsciiLetter(text.charAt(tokenStart - 1))
                || CharClasses.isAsciiDigit(text.charAt(tokenStart - 1)) || text.charAt(tokenStart - 1) == '-'
                || text.charAt(tokenStart - 1) == '_')) {
            tokenStart--;
        }
        return tokenStart < start - 1 && CharClasses.isAsciiLetter(text.charAt(tokenStart))
                && (tokenStart == 0 || Character.isWhitespace(text.charAt(tokenStart - 1))
                        || text.charAt(tokenStart - 1) == '(' || text.charAt(tokenStart - 1) == '"');
    }

    private static boolean isNumberedHeading(String text, int start, int end) {
        int i = start - 1;
        while (i >= 0 && text.charAt(i) != '\n') {
            if (!Character.isWhitespace(text.charAt(i)) && text.charAt(i) != '#') {
                return false; // only indentation or Markdown's '#' may stand before a heading's number
            }
            i--;
        }
        for (String part : text.substring(start, end).split("\\.")) {
            int number = Integer.parseInt(part);
            if (number == 0 || number > MAX_SECTION_NUMBER) {
                return false;
            }
        }
        return HEADING_AFTER.matcher(text.subSequence(end, Math.min(text.length(), end + 3))).find();
    }

    private static boolean isUpgradeFromVersion(String text, int start) {
        int from = Math.max(0, start - UPGRADE_WINDOW);
        return UPGRADE_FROM_VERSION_BEFORE.matcher(text.subSequence(from, start)).find();
    }

    private static boolean isSectionNumber(String text, int start) {
        int from = Math.max(0, start - LABEL_WINDOW);
        return SECTION_LABEL_BEFORE.matcher(text.subSequence(from, start)).find();
    }

    private static boolean hasReleaseWordAfter(String text, int end) {
        int to = Math.min(text.length(), end + RELEASE_WINDOW);
        return RELEASE_WORD_AFTER.matcher(text.subSequence(end, to)).find();
    }

    /**
     * "Version 5.4.0.12 fixes 5.4.0.11", "bump version 5.4.0.12 to 5.4.0.13": a quad with the same first two
     * numbers as a version-labelled one earlier in the sentence is another release of it; likewise a sibling of a
     * section number ("Sections 4.1.2.3 and 4.1.2.4"). A different address in
     * the same sentence ("version 1.2.3.4 on 10.0.0.5") keeps its own first numbers and stays an address.
     */
    private static boolean isReleaseOfEarlierVersion(String text, int start, int end) {
        String prefix = firstTwoNumbers(text, start, end);
        int sentenceStart = sentenceStart(text, start);
        int i = start - 1;
        while (i >= sentenceStart) {
            if (!CharClasses.isAsciiDigit(text.charAt(i))) {
                i--;
                continue;
            }
            int numberEnd = i + 1;
            while (i >= sentenceStart && (CharClasses.isAsciiDigit(text.charAt(i)) || text.charAt(i) == '.')) {
                i--;
            }
            int numberStart = i + 1;
            if (prefix.equals(firstTwoNumbers(text, numberStart, numberEnd))
                    && (isVersionLabelled(text, numberStart) || isSectionNumber(text, numberStart))) {
                return true;
            }
        }
        return false;
    }

    private static int sentenceStart(String text, int start) {
        int from = Math.max(0, start - 4 * LABEL_WINDOW);
        java.util.regex.Matcher end = SENTENCE_END.matcher(text).region(from, start);
        int sentenceStart = from;
        while (end.find()) {
            sentenceStart = end.end();
        }
        return sentenceStart;
    }

    /** "5.4" of "5.4.0.12"; empty when the number has fewer than two parts. */
    private static String firstTwoNumbers(String text, int start, int end) {
        int firstDot = text.indexOf('.', start);
        if (firstDot < 0 || firstDot >= end) {
            return "";
        }
        int secondDot = text.indexOf('.', firstDot + 1);
        return text.substring(start, secondDot < 0 || secondDot > end ? end : secondDot);
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

    /** The first {@code c} in [start, end), or -1: bounded, so a megabyte of runs stays linear. */
    private static int indexIn(String text, char c, int start, int end) {
        for (int i = start; i < end; i++) {
            if (text.charAt(i) == c) {
                return i;
            }
        }
        return -1;
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
