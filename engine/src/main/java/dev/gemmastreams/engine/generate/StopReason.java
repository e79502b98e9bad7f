package dev.gemmastreams.engine.generate;

/** Why generation ended. */
public enum StopReason {
    /** The model closed its turn ({@code <end_of_turn>}). */
    END_OF_TURN,
    /** The model emitted {@code <eos>}. */
    END_OF_SEQUENCE,
    /** The limit of new tokens was reached. */
    MAX_TOKENS
}
