package dev.gemmastreams.engine.safety.pii;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberMatch;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.Leniency;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Phone numbers found by Google's libphonenumber, the way Microsoft Presidio's phone recognizer uses it (a set of
 * regions, validity of the number, context words), with three levels of trust:
 * <ul>
 *   <li>international form ({@code +44 ...}): the country code fixes the region; a number of a possible length
 *       counts even in a range libphonenumber does not list as assigned (the UK's 07700 900xxx);</li>
 *   <li>national form in a trusted region (the configured regions, and those the document's language implies):
 *       the number must be valid there ({@link Leniency#VALID});</li>
 *   <li>national form in the region of another common locale ({@link PhoneRegions#COMMON}): valid there, and
 *       either a phone word just before it or its digits grouped the way that region writes numbers
 *       ({@link Leniency#STRICT_GROUPING}), because a bare run of digits is valid somewhere more often than not.</li>
 * </ul>
 *
 * <p>On top of libphonenumber's own guards (slash dates, time stamps, page references) {@link PhoneCandidateFilter}
 * drops dates, dotted version numbers, identifiers (INV-2022-163162) and bare digit strings that carry no phone cue
 * (order and reference numbers); {@link PhoneNoiseMask} hides card, IBAN and SSN layouts beforehand. Numbers written
 * in ways libphonenumber does not read come from {@link VanityNumbers} and {@link GdsContactNumbers}.
 */
public final class PhoneDetector implements PiiTypeDetector {

    /** The regions whose national formats are recognised when the caller does not choose. */
    public static final List<String> DEFAULT_REGIONS = List.of("US", "GB", "DE", "FR");

    /** libphonenumber's "unknown region": only numbers in international form are read. */
    private static final String INTERNATIONAL_ONLY = "ZZ";

    /** Islands read for the common regions: runs of phone characters with this many digits, this much context. */
    private static final int MIN_ISLAND_DIGITS = 6;
    private static final int MARGIN = 3;

    /**
     * The fewest digits a number has: with a leading plus a country code digit and two more (libphonenumber's
     * shortest national significant number); written nationally, no region has a valid number under four.
     */
    private static final int MIN_INTERNATIONAL_DIGITS = 3;
    private static final int MIN_NATIONAL_DIGITS = 4;

    /**
     * Characters of distinct islands a document's common regions read at most, in text order. Reading costs
     * libphonenumber a parse per candidate and per common region (about 0.3 ms per island character in all), so a
     * megabyte of distinct numbers would hold the stream thread for minutes; past this, only the trusted regions
     * and international numbers are read, as everywhere else in the text.
     */
    static final int MAX_COMMON_REGION_CHARS = 16_384;

    /** Regions whose national numbers are dialled with a trunk "8" written apart ("8 (495) 123-45-67"). */
    private static final List<String> TRUNK_EIGHT_REGIONS = List.of("RU", "KZ", "BY");

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final List<String> defaultRegions;
    private final List<String> commonRegions;

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
        this.commonRegions = PhoneRegions.COMMON.stream().filter(r -> !defaultRegions.contains(r)).toList();
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

    @Override
    public List<Finding> detect(String text, List<Finding> claimed) {
        return detect(text, claimed, null);
    }

    /**
     * Phone numbers outside the spans already claimed by more specific detectors (a card's digits are not a phone).
     * Each pass sees only what earlier passes left unclaimed.
     *
     * @param language the text's language tag (e.g. "es", "pt-BR"), or null when unknown
     */
    @Override
    public List<Finding> detect(String text, List<Finding> claimed, String language) {
        if (!containsDigit(text)) {
            return List.of();
        }
        MaskedText masked = new MaskedText(text);
        for (Finding finding : claimed) {
            masked.mask(finding.start(), finding.end());
        }
        PhoneNoiseMask.maskNonPhones(text, masked);
        PhoneIslands.maskShortRuns(masked.toString(), masked, MIN_INTERNATIONAL_DIGITS);
        Set<Finding> found = new LinkedHashSet<>();
        scan(text, masked, INTERNATIONAL_ONLY, Leniency.POSSIBLE, MIN_INTERNATIONAL_DIGITS, found);
        PhoneIslands.maskShortRuns(masked.toString(), masked, MIN_NATIONAL_DIGITS);
        for (String region : trustedRegions(language)) {
            scan(text, masked, region, Leniency.VALID, MIN_NATIONAL_DIGITS, found);
        }
        // The common regions read the same leftovers, each its own way; where their readings overlap the longest
        // wins ("(51) 91783-6862" in Brazil over "91783-6862" somewhere else).
        // Only the stretches that can hold a number are read, so many regions cost little on long texts.
        Set<String> trusted = new LinkedHashSet<>(trustedRegions(language));
        String leftovers = masked.toString();
        List<int[]> islands = withinBudget(leftovers, PhoneIslands.of(leftovers, MIN_ISLAND_DIGITS, MARGIN));
        List<Finding> common = new ArrayList<>();
        SurroundingChecks surroundings = new SurroundingChecks(text);
        // Region by region, so that libphonenumber's small pattern cache keeps one region's patterns warm.
        for (String region : commonRegions) {
            if (!trusted.contains(region)) {
                IslandReader reader = new IslandReader(region, surroundings);
                for (int[] island : islands) {
                    reader.read(text, leftovers, island[0], island[1], common);
                }
            }
        }
        found.addAll(OverlapResolver.resolve(common));
        List<Finding> written = new ArrayList<>(VanityNumbers.find(masked.toString(), util));
        written.addAll(GdsContactNumbers.find(text, masked.toString(), util));
        for (Finding other : written) {
            if (found.stream().noneMatch(f -> f.start() < other.end() && other.start() < f.end())) {
                found.add(other);
            }
        }
        return new ArrayList<>(found);
    }

    /** The islands while their distinct texts add up to {@value #MAX_COMMON_REGION_CHARS}, repeats included. */
    private static List<int[]> withinBudget(String leftovers, List<int[]> islands) {
        Set<String> distinct = new HashSet<>();
        int chars = 0;
        List<int[]> kept = new ArrayList<>();
        for (int[] island : islands) {
            String piece = leftovers.substring(island[0], island[1]);
            if (!distinct.contains(piece)) {
                if (chars + piece.length() > MAX_COMMON_REGION_CHARS) {
                    break;
                }
                distinct.add(piece);
                chars += piece.length();
            }
            kept.add(island);
        }
        return kept;
    }

    /**
     * What the text around a span says, asked once per span: the common regions often read the same digits of an
     * island, and the label and cue look-ups cost more than the rest of a match.
     */
    private static final class SurroundingChecks {

        private final String text;
        private final Map<Long, Boolean> plausible = new HashMap<>();
        private final Map<Integer, Boolean> cued = new HashMap<>();

        SurroundingChecks(String text) {
            this.text = text;
        }

        boolean isPlausible(int start, int end) {
            return plausible.computeIfAbsent(((long) start << 32) | end,
                    span -> PhoneCandidateFilter.isPlausible(text, start, end));
        }

        boolean hasPhoneCueBefore(int start) {
            return cued.computeIfAbsent(start, at -> PhoneCandidateFilter.hasPhoneCueBefore(text, start));
        }
    }

    /**
     * Reads islands for national numbers of one region nobody said to expect: valid there, and a phone word before
     * it or, when it is long enough to be a full national number (nine digits or more), grouped the way the region
     * writes it. What libphonenumber makes of an island's text is kept, so a text repeated down a table or a log
     * is parsed once per region; what surrounds each occurrence is still checked, once per span for all regions.
     */
    private final class IslandReader {

        private final String region;
        private final SurroundingChecks surroundings;
        private final Map<String, List<PhoneNumberMatch>> matchesByPiece = new HashMap<>();

        IslandReader(String region, SurroundingChecks surroundings) {
            this.region = region;
            this.surroundings = surroundings;
        }

        void read(String text, String leftovers, int from, int to, List<Finding> accepted) {
            String piece = leftovers.substring(from, to);
            List<PhoneNumberMatch> matches = matchesByPiece.computeIfAbsent(piece,
                    p -> PhoneDetector.this.findNumbers(p, region, Leniency.VALID));
            for (PhoneNumberMatch match : matches) {
                String raw = match.rawString();
                int start = from + match.start();
                int end = from + match.start() + withoutExtension(match);
                if (raw.startsWith("+") || !surroundings.isPlausible(start, end)) {
                    continue;
                }
                boolean grouped = digitCount(raw) >= 9 && raw.indexOf('/') < 0 && isGroupedAsIn(raw, region);
                if (grouped || surroundings.hasPhoneCueBefore(start)) {
                    accepted.add(new Finding(PiiType.PHONE, withTrunkPrefix(text, start, end), end));
                }
            }
        }
    }

    /**
     * Length of the match without an extension ("020 7946 0321 ext. 204" ends at 0321): the extension reaches a desk
     * behind a switchboard, the number is what identifies; the corpora label the number alone.
     */
    private static int withoutExtension(PhoneNumberMatch match) {
        String raw = match.rawString();
        if (!match.number().hasExtension()) {
            return raw.length();
        }
        int extension = raw.lastIndexOf(match.number().getExtension());
        if (extension <= 0) {
            return raw.length();
        }
        int end = extension;
        while (end > 0 && !CharClasses.isAsciiDigit(raw.charAt(end - 1))) {
            end--;
        }
        return end > 0 ? end : raw.length();
    }

    private static int digitCount(String candidate) {
        int digits = 0;
        for (int i = 0; i < candidate.length(); i++) {
            if (CharClasses.isAsciiDigit(candidate.charAt(i))) {
                digits++;
            }
        }
        return digits;
    }

    private List<String> trustedRegions(String language) {
        Set<String> regions = new LinkedHashSet<>(defaultRegions);
        Set<String> supported = util.getSupportedRegions();
        for (String region : PhoneRegions.forLanguage(language)) {
            if (supported.contains(region)) {
                regions.add(region);
            }
        }
        return List.copyOf(regions);
    }

    /**
     * One region's pass over what is still unclaimed; what it finds is claimed for the later passes. It reads the
     * runs of phone characters that can hold a number, whole, each distinct run text once: a number never crosses
     * the end of a run, so this finds what reading the whole text would, and a text repeated down a table or a log
     * costs one parse per distinct run.
     */
    private void scan(String text, MaskedText masked, String region, Leniency leniency, int minDigits,
            Set<Finding> found) {
        String view = masked.toString();
        Map<String, List<PhoneNumberMatch>> matchesByPiece = new HashMap<>();
        for (int[] run : PhoneIslands.of(view, minDigits, MARGIN, Integer.MAX_VALUE)) {
            String piece = view.substring(run[0], run[1]);
            List<PhoneNumberMatch> matches = matchesByPiece.computeIfAbsent(piece,
                    p -> findNumbers(p, region, leniency));
            for (PhoneNumberMatch match : matches) {
                accept(text, masked, region, match, run[0] + match.start(), found);
            }
        }
    }

    private List<PhoneNumberMatch> findNumbers(String piece, String region, Leniency leniency) {
        List<PhoneNumberMatch> matches = new ArrayList<>();
        util.findNumbers(piece, region, leniency, Long.MAX_VALUE).forEach(matches::add);
        return matches;
    }

    /** A match of a trusted pass starting at {@code matchStart} of the text, kept when its surroundings agree. */
    private void accept(String text, MaskedText masked, String region, PhoneNumberMatch match, int matchStart,
            Set<Finding> found) {
        String raw = match.rawString();
        boolean international = raw.startsWith("+");
        if (region.equals(INTERNATIONAL_ONLY) && !international) {
            return;
        }
        if (!PhoneCandidateFilter.isPlausible(text, matchStart, matchStart + raw.length())) {
            return;
        }
        boolean cued = PhoneCandidateFilter.hasPhoneCueBefore(text, matchStart);
        // Dots group versions and serials as often as phones: a dotted number needs a cue or the region's grouping.
        boolean evidenceNeeded = !international && raw.indexOf('.') >= 0;
        if (evidenceNeeded && !cued && !isGroupedAsIn(raw, region)) {
            return;
        }
        int end = wrappedEnd(text, match, matchStart, matchStart + withoutExtension(match));
        int start = withTrunkPrefix(text, matchStart, end);
        found.add(new Finding(PiiType.PHONE, start, end));
        masked.mask(start, end);
    }

    /**
     * "+44 20 7946\n0958": an international number whose print wrapped once before its last group. The match
     * stops at the line break; when it is only of a possible length and the next line starts with a group of two to
     * four digits that makes it a valid number, the number runs on to the end of that group.
     */
    private int wrappedEnd(String text, PhoneNumberMatch match, int matchStart, int end) {
        if (!match.rawString().startsWith("+") || match.number().hasExtension() || util.isValidNumber(match.number())) {
            return end;
        }
        int lineBreak = end;
        while (CharClasses.isCharAt(text, lineBreak, ' ')) {
            lineBreak++;
        }
        if (!CharClasses.isCharAt(text, lineBreak, '\n')) {
            return end;
        }
        int groupEnd = lineBreak + 1;
        while (CharClasses.isDigitAt(text, groupEnd) && groupEnd - lineBreak <= 5) {
            groupEnd++;
        }
        int groupLength = groupEnd - lineBreak - 1;
        if (groupLength < 2 || groupLength > 4 || CharClasses.isWordCharAt(text, groupEnd)) {
            return end;
        }
        String joined = text.substring(matchStart, end) + " " + text.substring(lineBreak + 1, groupEnd);
        try {
            return util.isValidNumber(util.parse(joined, INTERNATIONAL_ONLY)) ? groupEnd : end;
        } catch (NumberParseException e) {
            return end;
        }
    }

    /**
     * "8 (495) 123-45-67": Russia and its neighbours dial a trunk "8" before the area code, written apart from it.
     * A national match just after a lone "8 " takes the 8 when the whole is a valid number there; otherwise the
     * match stays as it is ("(812) 345-67-89" alone is also a valid US number).
     */
    private int withTrunkPrefix(String text, int start, int end) {
        if (start < 2 || text.charAt(start - 1) != ' ' || text.charAt(start - 2) != '8'
                || CharClasses.isWordCharAt(text, start - 3) || CharClasses.isCharAt(text, start - 3, '+')) {
            return start;
        }
        String withEight = text.substring(start - 2, end);
        for (String region : TRUNK_EIGHT_REGIONS) {
            try {
                if (util.isValidNumberForRegion(util.parse(withEight, region), region)) {
                    return start - 2;
                }
            } catch (NumberParseException e) {
                // not a number there: try the next region
            }
        }
        return start;
    }

    /** The digits are grouped as the region writes its numbers (e.g. Spain's "961 99 52 23", Brazil's "(51) 91783-6862"). */
    private boolean isGroupedAsIn(String candidate, String region) {
        for (PhoneNumberMatch match : util.findNumbers(candidate, region, Leniency.STRICT_GROUPING, Long.MAX_VALUE)) {
            if (match.start() == 0 && match.end() == candidate.length()) {
                return true;
            }
        }
        return false;
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
