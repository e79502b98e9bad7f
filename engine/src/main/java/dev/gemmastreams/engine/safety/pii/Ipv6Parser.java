package dev.gemmastreams.engine.safety.pii;

/**
 * Syntax check for textual IPv6 addresses (RFC 4291 §2.2): eight groups of 1–4 hex digits, at most one "::" standing
 * for one or more zero groups, and optionally a dotted IPv4 address in place of the last two groups.
 */
final class Ipv6Parser {

    private Ipv6Parser() {
    }

    static boolean isValid(CharSequence text, int start, int end) {
        String s = text.subSequence(start, end).toString();
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) {
            return false;
        }
        if (doubleColon < 0) {
            return countGroups(s, true) == 8;
        }
        String head = s.substring(0, doubleColon);
        String tail = s.substring(doubleColon + 2);
        int headGroups = head.isEmpty() ? 0 : countGroups(head, false);
        int tailGroups = tail.isEmpty() ? 0 : countGroups(tail, true);
        if (headGroups < 0 || tailGroups < 0) {
            return false;
        }
        return headGroups + tailGroups <= 7;
    }

    /** Number of 16-bit groups in a colon-separated list (an IPv4 tail counts two), or -1 when malformed. */
    private static int countGroups(String part, boolean ipv4TailAllowed) {
        String[] groups = part.split(":", -1);
        int count = 0;
        for (int i = 0; i < groups.length; i++) {
            String group = groups[i];
            boolean last = i == groups.length - 1;
            if (last && ipv4TailAllowed && group.indexOf('.') >= 0) {
                if (!Ipv4Parser.isValid(group, 0, group.length())) {
                    return -1;
                }
                count += 2;
            } else if (isHexGroup(group)) {
                count++;
            } else {
                return -1;
            }
        }
        return count;
    }

    private static boolean isHexGroup(String group) {
        if (group.isEmpty() || group.length() > 4) {
            return false;
        }
        for (int i = 0; i < group.length(); i++) {
            if (!CharClasses.isHexDigit(group.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
