package dev.gemmastreams.topology;

import java.time.Duration;

import dev.gemmastreams.topology.errors.OriginalBytes;

/**
 * Limits and timings of the topology.
 *
 * @param maxDocumentChars     longer documents, and longer inline contexts of questions, are dead letters
 * @param maxQuestionChars     longer questions are dead letters
 * @param questionWait         how long a question waits for a document that has not arrived yet
 * @param pendingCheckInterval how often waiting questions are looked at again
 * @param engineAttempts       tries of a failing model call before the input becomes a dead letter
 * @param engineBackoff        pause before the second try (grows linearly)
 * @param passageTokens        size of the passages a document is cut into for retrieval
 * @param answerContextTokens  how many tokens of passages an answer prompt may hold
 * @param deadLetterOriginalBytes how many bytes of the original key and value a dead letter keeps
 * @param maxResultBytes       the largest record the output topics accept: larger results are dead letters
 */
public record TopologySettings(int maxDocumentChars, int maxQuestionChars, Duration questionWait,
                               Duration pendingCheckInterval, int engineAttempts, Duration engineBackoff,
                               int passageTokens, int answerContextTokens, int deadLetterOriginalBytes,
                               int maxResultBytes) {

    /** Kafka's default maximum message size (message.max.bytes), less a little. */
    public static final int DEFAULT_MAX_RESULT_BYTES = 1_000_000;

    /** With the default bound on the original bytes a dead letter keeps. */
    public TopologySettings(int maxDocumentChars, int maxQuestionChars, Duration questionWait,
                            Duration pendingCheckInterval, int engineAttempts, Duration engineBackoff,
                            int passageTokens, int answerContextTokens) {
        this(maxDocumentChars, maxQuestionChars, questionWait, pendingCheckInterval, engineAttempts, engineBackoff,
                passageTokens, answerContextTokens, OriginalBytes.DEFAULT_MAX_BYTES, DEFAULT_MAX_RESULT_BYTES);
    }

    /** The same settings with the output limits of the cluster the topology runs on. */
    public TopologySettings withOutputLimits(int maxResultBytes, int deadLetterOriginalBytes) {
        return new TopologySettings(maxDocumentChars, maxQuestionChars, questionWait, pendingCheckInterval,
                engineAttempts, engineBackoff, passageTokens, answerContextTokens, deadLetterOriginalBytes,
                maxResultBytes);
    }

    public TopologySettings {
        require(maxDocumentChars > 0, "maxDocumentChars must be positive");
        require(maxQuestionChars > 0, "maxQuestionChars must be positive");
        require(!questionWait.isNegative(), "questionWait must not be negative");
        require(!pendingCheckInterval.isNegative() && !pendingCheckInterval.isZero(), "pendingCheckInterval must be positive");
        require(engineAttempts > 0, "engineAttempts must be positive");
        require(passageTokens > 0 && answerContextTokens >= passageTokens,
                "passageTokens must be positive and fit in answerContextTokens");
        require(deadLetterOriginalBytes >= 0, "deadLetterOriginalBytes must not be negative");
        require(maxResultBytes > 0, "maxResultBytes must be positive");
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
