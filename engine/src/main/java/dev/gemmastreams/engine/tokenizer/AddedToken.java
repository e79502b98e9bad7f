package dev.gemmastreams.engine.tokenizer;

/**
 * An entry of tokenizer.json's {@code added_tokens}: text matched verbatim before the BPE model runs
 * ({@code <start_of_turn>}, {@code <eos>}, newline runs, HTML tags, ...). {@code special} ones can be skipped when
 * decoding.
 */
record AddedToken(int id, String content, boolean special, boolean normalized, boolean lstrip, boolean rstrip,
        boolean singleWord) {}
