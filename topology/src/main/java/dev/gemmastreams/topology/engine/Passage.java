package dev.gemmastreams.topology.engine;

/** A piece of a document: its number, its span in the document's text (Java string indexes) and its text. */
public record Passage(int id, int start, int end, String text, int tokens, double score) {

    public Passage withScore(double newScore) {
        return new Passage(id, start, end, text, tokens, newScore);
    }
}
