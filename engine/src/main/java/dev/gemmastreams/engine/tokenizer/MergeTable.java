package dev.gemmastreams.engine.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * BPE merge rules as an open-addressing hash from the pair (left id, right id) to the rule's rank (its line in
 * the merges list: lower merges first) and the id of the merged token. Primitive arrays because Gemma 2 has 580k
 * rules and the merge loop looks one up for every adjacent pair it considers.
 */
final class MergeTable {

    static final int NO_MERGE = -1;
    private static final long EMPTY = -1L;

    private final long[] keys;
    private final int[] ranks;
    private final int[] mergedIdByRank;
    private final int mask;
    private final int hashShift;

    MergeTable(List<String[]> merges, Map<String, Integer> vocab) {
        // Power of two, at most ~60% full: short probe chains (Gemma 2: 580k rules in 2^20 slots, 12 MB).
        int capacity = Integer.highestOneBit(Math.max(16, (int) (merges.size() / 0.6))) << 1;
        keys = new long[capacity];
        Arrays.fill(keys, EMPTY);
        ranks = new int[capacity];
        mask = capacity - 1;
        hashShift = 64 - Integer.numberOfTrailingZeros(capacity);
        mergedIdByRank = new int[merges.size()];
        for (int rank = 0; rank < merges.size(); rank++) {
            String left = merges.get(rank)[0];
            String right = merges.get(rank)[1];
            Integer leftId = vocab.get(left);
            Integer rightId = vocab.get(right);
            Integer mergedId = vocab.get(left + right);
            if (leftId == null || rightId == null || mergedId == null) {
                throw new IllegalArgumentException("merge '" + left + " " + right + "' (rank " + rank
                        + ") refers to a token missing from the vocabulary");
            }
            mergedIdByRank[rank] = mergedId;
            // A repeated pair keeps its last rank, as Hugging Face's map construction does.
            put(pairKey(leftId, rightId), rank);
        }
    }

    /** Rank of the rule merging {@code left} and {@code right}, or {@link #NO_MERGE}. */
    int rank(int left, int right) {
        long key = pairKey(left, right);
        int slot = slot(key);
        while (true) {
            long k = keys[slot];
            if (k == key) {
                return ranks[slot];
            }
            if (k == EMPTY) {
                return NO_MERGE;
            }
            slot = (slot + 1) & mask;
        }
    }

    int mergedId(int rank) {
        return mergedIdByRank[rank];
    }

    private void put(long key, int rank) {
        int slot = slot(key);
        while (keys[slot] != EMPTY && keys[slot] != key) {
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        ranks[slot] = rank;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L; // Fibonacci hashing spreads the packed id pairs
        return (int) (h >>> hashShift);
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }
}
