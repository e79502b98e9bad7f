package dev.gemmastreams.engine.safety.pii;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Which regions' national phone formats to try. The configured regions are trusted as they are; a document's
 * language adds the regions where it is spoken (Spanish text: Spain, Mexico...), also trusted; the regions of other
 * common locales are tried too, but a number read in one of those needs more evidence (a phone word before it, or
 * digits grouped the way that region writes its numbers).
 */
final class PhoneRegions {

    /** Regions of widely used locales, tried for every text; their matches need evidence. */
    static final List<String> COMMON = List.of("ES", "IT", "PT", "BR", "MX", "AR", "CO", "CL", "IN", "NL", "BE",
            "CH", "AT", "PL", "SE", "NO", "DK", "FI", "IE", "AU", "NZ", "CA", "JP", "KR", "CN", "TR", "ZA", "RU", "GR", "CZ",
            "HU", "RO", "ID", "VN", "SG", "AE", "SA", "IL", "EE", "LV", "LT");

    private static final Map<String, List<String>> BY_LANGUAGE = Map.ofEntries(
            Map.entry("en", List.of("US", "GB", "CA", "AU", "IE", "NZ", "IN", "ZA", "SG")),
            Map.entry("es", List.of("ES", "MX", "AR", "CO", "CL", "PE", "US")),
            Map.entry("pt", List.of("BR", "PT")),
            Map.entry("it", List.of("IT", "CH")),
            Map.entry("fr", List.of("FR", "BE", "CH", "CA")),
            Map.entry("de", List.of("DE", "AT", "CH")),
            Map.entry("nl", List.of("NL", "BE")),
            Map.entry("pl", List.of("PL")),
            Map.entry("sv", List.of("SE", "FI")),
            Map.entry("no", List.of("NO")),
            Map.entry("nb", List.of("NO")),
            Map.entry("da", List.of("DK")),
            Map.entry("fi", List.of("FI")),
            Map.entry("ja", List.of("JP")),
            Map.entry("ko", List.of("KR")),
            Map.entry("zh", List.of("CN", "TW", "HK", "SG")),
            Map.entry("hi", List.of("IN")),
            Map.entry("tr", List.of("TR")),
            Map.entry("ru", List.of("RU", "KZ", "BY")),
            Map.entry("uk", List.of("UA")),
            Map.entry("el", List.of("GR", "CY")),
            Map.entry("cs", List.of("CZ")),
            Map.entry("sk", List.of("SK")),
            Map.entry("hu", List.of("HU")),
            Map.entry("ro", List.of("RO", "MD")),
            Map.entry("bg", List.of("BG")),
            Map.entry("hr", List.of("HR")),
            Map.entry("id", List.of("ID")),
            Map.entry("ms", List.of("MY", "SG")),
            Map.entry("vi", List.of("VN")),
            Map.entry("th", List.of("TH")),
            Map.entry("he", List.of("IL")),
            Map.entry("ar", List.of("SA", "AE", "EG", "MA", "JO", "QA", "KW")),
            Map.entry("et", List.of("EE")),
            Map.entry("lv", List.of("LV")),
            Map.entry("lt", List.of("LT")),
            Map.entry("ka", List.of("GE")),
            Map.entry("sl", List.of("SI")),
            Map.entry("sr", List.of("RS", "BA", "ME")),
            Map.entry("ca", List.of("ES", "AD")),
            Map.entry("fa", List.of("IR")),
            Map.entry("sw", List.of("KE", "TZ")),
            Map.entry("tl", List.of("PH")),
            Map.entry("fil", List.of("PH")),
            // Languages of one country or two, each its own numbering plan: Icelandic, Mongolian, Maltese,
            // Armenian, Azerbaijani, Kazakh, Macedonian, Albanian, Amharic, Bengali, Nepali, Tamil, Urdu.
            Map.entry("is", List.of("IS")),
            Map.entry("mn", List.of("MN")),
            Map.entry("mt", List.of("MT")),
            Map.entry("hy", List.of("AM")),
            Map.entry("az", List.of("AZ")),
            Map.entry("kk", List.of("KZ")),
            Map.entry("mk", List.of("MK")),
            Map.entry("sq", List.of("AL", "XK")),
            Map.entry("am", List.of("ET")),
            Map.entry("bn", List.of("BD", "IN")),
            Map.entry("ne", List.of("NP")),
            Map.entry("ta", List.of("IN", "LK")),
            Map.entry("ur", List.of("PK")));

    private PhoneRegions() {
    }

    /**
     * Regions a language tag implies: "es" or "es-419" gives the Spanish-speaking regions, "pt-BR" puts Brazil
     * first; an explicit region in the tag always comes first. Empty for null, blank or unknown languages.
     */
    static List<String> forLanguage(String languageTag) {
        if (languageTag == null || languageTag.isBlank()) {
            return List.of();
        }
        Locale locale = Locale.forLanguageTag(languageTag.strip().replace('_', '-'));
        List<String> regions = BY_LANGUAGE.getOrDefault(locale.getLanguage(), List.of());
        String region = locale.getCountry();
        if (region.length() == 2) {
            java.util.LinkedHashSet<String> ordered = new java.util.LinkedHashSet<>();
            ordered.add(region);
            ordered.addAll(regions);
            return List.copyOf(ordered);
        }
        return regions;
    }
}
