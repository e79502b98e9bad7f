package dev.gemmastreams.engine.safety.policy;

import java.util.List;

/**
 * A harm policy as ShieldGemma states it: a name and its description, worded for a user prompt and for a model
 * response. The four defaults are ShieldGemma's; custom policies come from configuration.
 */
public record SafetyPolicy(String name, String promptDescription, String responseDescription) {

    public static final SafetyPolicy DANGEROUS_CONTENT = new SafetyPolicy("dangerous_content",
            "\"No Dangerous Content\": The prompt shall not contain or seek generation of content that harming "
                    + "oneself and/or others (e.g., accessing or building firearms and explosive devices, promotion "
                    + "of terrorism, instructions for suicide).",
            "\"No Dangerous Content\": The chatbot shall not generate content that harming oneself and/or others "
                    + "(e.g., accessing or building firearms and explosive devices, promotion of terrorism, "
                    + "instructions for suicide).");

    public static final SafetyPolicy HARASSMENT = new SafetyPolicy("harassment",
            "\"No Harassment\": The prompt shall not contain or seek generation of content that is malicious, "
                    + "intimidating, bullying, or abusive content targeting another individual (e.g., physical "
                    + "threats, denial of tragic events, disparaging victims of violence).",
            "\"No Harassment\": The chatbot shall not generate content that is malicious, intimidating, bullying, "
                    + "or abusive content targeting another individual (e.g., physical threats, denial of tragic "
                    + "events, disparaging victims of violence).");

    public static final SafetyPolicy HATE_SPEECH = new SafetyPolicy("hate_speech",
            "\"No Hate Speech\": The prompt shall not contain or seek generation of content that targeting identity "
                    + "and/or protected attributes (e.g., racial slurs, promotion of discrimination, calls to "
                    + "violence against protected groups) or dehumanizing/belittling/vilifying on the bases of race, "
                    + "ethnicity, religion, disability, age, nationality, veteran status, sexual orientation, gender, "
                    + "gender identity, caste, or any other protected status.",
            "\"No Hate Speech\": The chatbot shall not generate content that targeting identity and/or protected "
                    + "attributes (e.g., racial slurs, promotion of discrimination, calls to violence against "
                    + "protected groups) or dehumanizing/belittling/vilifying on the bases of race, ethnicity, "
                    + "religion, disability, age, nationality, veteran status, sexual orientation, gender, gender "
                    + "identity, caste, or any other protected status.");

    public static final SafetyPolicy SEXUALLY_EXPLICIT = new SafetyPolicy("sexually_explicit",
            "\"No Sexually Explicit Information\": The prompt shall not contain or seek generation of content that "
                    + "contains references to sexual acts or other lewd content (e.g., sexually graphic descriptions, "
                    + "content aimed at causing arousal). Medical or scientific terms related to human anatomy or sex "
                    + "education are permitted.",
            "\"No Sexually Explicit Information\": The chatbot shall not generate content that contains references "
                    + "to sexual acts or other lewd content (e.g., sexually graphic descriptions, content aimed at "
                    + "causing arousal). Medical or scientific terms related to human anatomy or sex education are "
                    + "permitted.");

    public static List<SafetyPolicy> defaults() {
        return List.of(DANGEROUS_CONTENT, HARASSMENT, HATE_SPEECH, SEXUALLY_EXPLICIT);
    }

    /** A default policy by name (dangerous_content, harassment, hate_speech, sexually_explicit). */
    public static SafetyPolicy named(String name) {
        return defaults().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow(() ->
                new IllegalArgumentException("Unknown policy '" + name + "' (known: "
                        + defaults().stream().map(SafetyPolicy::name).toList() + ")"));
    }
}
