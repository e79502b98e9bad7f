package dev.gemmastreams.engine.safety.pii;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one detector per {@link PiiType} over a text and returns non-overlapping findings sorted by start.
 * Detectors run in list order and each sees what the earlier ones found; the phone detector goes last because it is
 * the costly one and skips those spans. They read the text with its digits folded to ASCII ({@link NumberForms}), so
 * full-width and Arabic-Indic numbers are found where ASCII ones are. Thread-safe: the detectors hold no per-call state.
 */
public final class PiiDetector {

    private final List<PiiTypeDetector> detectors;

    /** All six detectors, phone numbers with {@link PhoneDetector#DEFAULT_REGIONS}. */
    public PiiDetector() {
        this(allDetectors(PhoneDetector.DEFAULT_REGIONS));
    }

    /** All six detectors, national phone formats read for the given regions (ISO 3166 codes). */
    public static PiiDetector withPhoneRegions(List<String> phoneRegions) {
        return new PiiDetector(allDetectors(phoneRegions));
    }

    private static List<PiiTypeDetector> allDetectors(List<String> phoneRegions) {
        return List.of(
                new CreditCardDetector(),
                new IbanDetector(),
                new UsSsnDetector(),
                new IpAddressDetector(),
                new EmailDetector(),
                new PhoneDetector(phoneRegions));
    }

    /** A chosen set of detectors, e.g. to switch a type off entirely. */
    public PiiDetector(List<? extends PiiTypeDetector> detectors) {
        this.detectors = List.copyOf(detectors);
    }

    public List<Finding> detect(String text) {
        return detect(text, null);
    }

    /**
     * Findings in a text of a known language (a tag such as "es" or "pt-BR", or null): the language adds the regions
     * where it is spoken to those whose national phone formats are read without further evidence.
     */
    public List<Finding> detect(String text, String language) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        String folded = NumberForms.fold(text);
        List<Finding> candidates = new ArrayList<>();
        for (PiiTypeDetector detector : detectors) {
            candidates.addAll(detector.detect(folded, candidates, language));
        }
        return OverlapResolver.resolve(candidates);
    }
}
