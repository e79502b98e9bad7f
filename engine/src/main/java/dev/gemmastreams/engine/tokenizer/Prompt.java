package dev.gemmastreams.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * A prompt as a sequence of parts: template text, whose control tokens ({@code <start_of_turn>},
 * {@code <end_of_turn>}, {@code <bos>}...) count, and content (documents, questions, passages, generated text),
 * which is always plain text. Content is untrusted: text in it that spells a control token is tokenized as the
 * characters it is made of, so no producer can close a turn or write the model's answer.
 * {@link GemmaTokenizer#encodePrompt} tokenizes adjacent parts as one text, so a prompt whose content spells no
 * control token gets exactly the ids of its whole string.
 */
public final class Prompt {

    /** One part: {@code template} parts may contain control tokens, content parts never do. */
    public record Part(String text, boolean template) {
        public Part {
            if (text == null) {
                throw new IllegalArgumentException("a prompt part needs text");
            }
        }
    }

    private final List<Part> parts;

    private Prompt(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A prompt of template text alone. */
    public static Prompt template(String text) {
        return builder().template(text).build();
    }

    /** A prompt of content alone. */
    public static Prompt content(String text) {
        return builder().content(text).build();
    }

    public List<Part> parts() {
        return parts;
    }

    /** The whole prompt as one string (for display; tokenize with {@link GemmaTokenizer#encodePrompt}). */
    public String text() {
        StringBuilder text = new StringBuilder();
        parts.forEach(part -> text.append(part.text()));
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /** Builds a prompt part by part, in order. */
    public static final class Builder {
        private final List<Part> parts = new ArrayList<>();

        private Builder() {
        }

        public Builder template(String text) {
            parts.add(new Part(text, true));
            return this;
        }

        public Builder content(String text) {
            parts.add(new Part(text, false));
            return this;
        }

        public Builder append(Prompt prompt) {
            parts.addAll(prompt.parts());
            return this;
        }

        public Prompt build() {
            return new Prompt(parts);
        }
    }
}
