package dev.gemmastreams.engine.safety.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * North American vanity numbers ("1-800-555-TAXI", "(888) FLOWERS", "1 800 GOT-JUNK"): letters stand for the digits
 * of a phone keypad. libphonenumber's matcher reads no letters, but its parser maps them, so a candidate here is a
 * NANP area code followed by at least four capital letters in the subscriber part, and it counts when the number
 * the letters spell is valid. Spanned as written.
 */
final class VanityNumbers {

    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<![\\p{L}\\d+])(?:\\+?1[-. ])?(?:\\(\\d{3}\\) ?|\\d{3}[-. ])"
                    + "(?:\\d{3}[-. ][A-Z]{4}|[A-Z\\d]{3}[-. ]?[A-Z]{4}|[A-Z]{7})(?![\\p{L}\\d])");
    private static final int MIN_LETTERS = 4;

    private VanityNumbers() {
    }

    static List<Finding> find(String text, PhoneNumberUtil util) {
        List<Finding> found = new ArrayList<>();
        Matcher m = CANDIDATE.matcher(text);
        while (m.find()) {
            if (letters(m.group()) >= MIN_LETTERS && isValid(util, m.group())) {
                found.add(new Finding(PiiType.PHONE, m.start(), m.end()));
            }
        }
        return found;
    }

    private static boolean isValid(PhoneNumberUtil util, String candidate) {
        try {
            return util.isValidNumberForRegion(util.parse(candidate, "US"), "US")
                    || util.isValidNumberForRegion(util.parse(candidate, "CA"), "CA");
        } catch (NumberParseException e) {
            return false;
        }
    }

    private static int letters(String candidate) {
        int letters = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (Character.isLetter(candidate.charAt(i))) {
                letters++;
            }
        }
        return letters;
    }
}
