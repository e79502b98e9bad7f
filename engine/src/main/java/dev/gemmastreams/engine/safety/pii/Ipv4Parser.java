package dev.gemmastreams.engine.safety.pii;

/** Syntax check for dotted-quad IPv4: four decimal octets 0–255 without leading zeros (those read as octal). */
final class Ipv4Parser {

    private Ipv4Parser() {
    }

    static boolean isValid(CharSequence text, int start, int end) {
        int octets = 0;
        int i = start;
        while (i < end) {
            int octetStart = i;
            int value = 0;
            while (i < end && CharClasses.isAsciiDigit(text.charAt(i)) && i - octetStart < 3) {
                value = value * 10 + (text.charAt(i) - '0');
                i++;
            }
            int digits = i - octetStart;
            if (digits == 0 || value > 255 || (digits > 1 && text.charAt(octetStart) == '0')) {
                return false;
            }
            octets++;
            if (i == end) {
                break;
            }
            if (text.charAt(i) != '.' || octets == 4) {
                return false;
            }
            i++;
            if (i == end) {
                return false;
            }
        }
        return octets == 4;
    }
}
