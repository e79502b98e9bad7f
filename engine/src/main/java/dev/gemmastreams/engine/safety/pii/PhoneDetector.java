package dev.gemmastreams.engine.safety.pii;

import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Phone numbers found by Google's libphonenumber with {@link Leniency#VALID}: the number must be a valid number of
 * its region, not just the right length. Numbers in international form (+44 ...) are found whatever the default
 * regions; national forms (020 7946 0958, (201) 555-0123) are tried against each configured default region.
 *
 * <p>On top of libphonenumber's own guards (slash dates, time stamps, page references) {@link PhoneCandidateFilter}
 * drops dates, dotted version numbers, and bare digit strings that carry no phone cue (order and reference numbers).
 */
public final class PhoneDetector implements PiiTypeDetector {

    /** The regions whose national formats are recognised when the caller does not choose. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> defaultRegions;

    public PhoneDetector() {
        this(DEFAULT_REGIONS);
    }

    /** @param defaultRegions ISO 3166 region codes (e.g. "US", "DE") for numbers written without a country code */
    public PhoneDetector(List<String> defaultRegions) {
        Set<String> supported = util.getSupportedRegions();
        for (String region : defaultRegions) {
            if (!supported.contains(region)) {
                throw new IllegalArgumentException("unknown phone region: " + region);
            }
        }
        this.defaultRegions = List.copyOf(defaultRegions);
    }

    public List<String> defaultRegions() {
        return defaultRegions;
    }

    @Override
    public PiiType type() {
        return PiiType.PHONE;
    }

    @Override
    public List<Finding> detect(String text) {
        return detect(text, List.of());
    }

    /**
     * Phone numbers outside the spans already claimed by more specific detectors (a card's digits are not a phone).
     * The first region's pass sees every international number; later passes see only what is still unclaimed.
     */
    @Override
    public List<Finding> detect(String text, List<Finding> claimed) {
        if (!containsDigit(text)) {
            return List.of();
        }
        MaskedText masked = new MaskedText(text);
        for (Finding finding : claimed) {
            masked.mask(finding.start(), finding.end());
        }
        PhoneNoiseMask.maskNonPhones(text, masked);
        Set<Finding> found = new LinkedHashSet<>();
        for (int r = 0; r < defaultRegions.size(); r++) {
            String view = masked.toString();
            for (PhoneNumberMatch match : util.findNumbers(view, defaultRegions.get(r), Leniency.VALID,
                    Long.MAX_VALUE)) {
                if (PhoneCandidateFilter.isPlausible(text, match.start(), match.end())) {
                    found.add(new Finding(PiiType.PHONE, match.start(), match.end()));
                }
                if (match.rawString().startsWith("+")) {
                    masked.mask(match.start(), match.end()); // the region does not matter for "+.." forms
                }
            }
            for (Finding finding : found) {
                masked.mask(finding.start(), finding.end());
            }
        }
        return new ArrayList<>(found);
    }

    private static boolean containsDigit(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isDigit(text.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
