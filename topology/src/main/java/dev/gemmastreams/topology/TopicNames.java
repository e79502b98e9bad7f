package dev.gemmastreams.topology;

/** The service's topics, named in one place. Keys are document or question ids as strings. */
public record TopicNames(
        String documents,
        String questions,
        String summaries,
        String answers,
        String safetyVerdicts,
        String deadLetters) {

    public static TopicNames defaults() {
        return new TopicNames("documents", "questions", "summaries", "answers", "safety-verdicts", "dead-letters");
    }

    public java.util.List<String> inputs() {
        return java.util.List.of(documents, questions);
    }

    public java.util.List<String> outputs() {
        return java.util.List.of(summaries, answers, safetyVerdicts, deadLetters);
    }
}
