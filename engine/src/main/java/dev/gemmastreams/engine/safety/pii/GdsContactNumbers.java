package dev.gemmastreams.engine.safety.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The passenger's mobile in an airline reservation's contact element ("SSR CTCM AF HK1/33671234589/EN"): IATA
 * writes it in international form without its "+", so libphonenumber, which needs the plus to know the country,
 * does not see it. The digits count when, read with a plus, they are a valid number. Spanned as written.
 */
final class GdsContactNumbers {

    /** SSR CTCM, the airline, the status and party size (HK1), a slash, the number, then a slash or the end. */
    private static final Pattern CTCM = Pattern.compile(
            "\\bSSR\\s+CTCM\\s+[A-Z0-9]{2}\\s+[A-Z]{2}\\d{1,3}/(\\d{7,15})(?=/|\\s|$)");

    private GdsContactNumbers() {
    }

    /** Numbers in contact elements of the text, outside the masked (claimed) spans of {@code masked}. */
    static List<Finding> find(String text, String masked, PhoneNumberUtil util) {
        List<Finding> found = new ArrayList<>();
        if (!text.contains("CTCM")) {
            return found;
        }
        Matcher m = CTCM.matcher(text);
        while (m.find()) {
            boolean unclaimed = masked.substring(m.start(1), m.end(1)).indexOf(MaskedText.MASK) < 0;
            if (unclaimed && isValidInternational(util, m.group(1))) {
                found.add(new Finding(PiiType.PHONE, m.start(1), m.end(1)));
            }
        }
        return found;
    }

    private static boolean isValidInternational(PhoneNumberUtil util, String digits) {
        try {
            return util.isValidNumber(util.parse("+" + digits, "ZZ"));
        } catch (NumberParseException e) {
            return false;
        }
    }
}
