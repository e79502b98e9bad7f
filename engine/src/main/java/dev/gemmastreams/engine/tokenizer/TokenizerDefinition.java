package dev.gemmastreams.engine.tokenizer;

import java.util.List;
import java.util.Map;

/**
 * The parts of a Hugging Face tokenizer.json that a Gemma-style BPE tokenizer needs, already validated: anything
 * the file asks for that we do not implement was rejected by {@link TokenizerJsonLoader}.
 *
 * @param vocab model vocabulary, token to id
 * @param merges merge rules in rank order, each {left, right}
 * @param unkToken the model's unknown token, or null
 * @param fuseUnk whether consecutive unknown characters become one unknown token
 * @param byteFallback whether unknown characters become {@code <0xXX>} byte tokens
 * @param ignoreMerges whether a word found whole in the vocabulary skips merging
 * @param addedTokens tokens matched in raw text before normalization
 * @param normalizerReplacements literal replacements applied in order to text outside added tokens
 * @param splitDelimiter literal the pre-tokenizer splits on (merged with the previous piece), or null for none
 * @param singleTemplatePrefix ids the post-processor puts before a single sequence (Gemma 2: {@code <bos>})
 * @param singleTemplateSuffix ids the post-processor puts after it
 * @param decoderSteps decoder pipeline, in order
 */
record TokenizerDefinition(
        Map<String, Integer> vocab,
        List<String[]> merges,
        String unkToken,
        boolean fuseUnk,
        boolean byteFallback,
        boolean ignoreMerges,
        List<AddedToken> addedTokens,
        List<Replacement> normalizerReplacements,
        String splitDelimiter,
        int[] singleTemplatePrefix,
        int[] singleTemplateSuffix,
        List<DecoderStep> decoderSteps) {

    /** A literal string replacement (HF's {@code Replace} with a {@code String} pattern). */
    record Replacement(String pattern, String content) {}

    /** One step of HF's decoder pipeline that we implement. */
    sealed interface DecoderStep permits ReplaceStep, ByteFallbackStep, FuseStep {}

    record ReplaceStep(String pattern, String content) implements DecoderStep {}

    record ByteFallbackStep() implements DecoderStep {}

    record FuseStep() implements DecoderStep {}
}
