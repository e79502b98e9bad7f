package dev.gemmastreams.engine.tokenizer;

import java.util.Arrays;

/**
 * Turns one word (a piece of normalized text between added tokens; for Gemma that can be a whole 100 KB document,
 * since nothing splits on spaces) into BPE token ids, with the same results as Hugging Face's {@code BPE} model.
 *
 * <p>Symbols sit in a doubly linked list over arrays; candidate merges wait in a min-heap ordered by (rank,
 * position). Applying a merge only creates the two pairs around the merged symbol, so a word of n characters
 * costs O(n log n), not the O(n^2) of rescanning the word after every merge. Stale heap entries are skipped when
 * popped, exactly where Hugging Face skips them, so ties and repeated patterns resolve identically.
 */
final class BpeMerger {

    private final Vocabulary vocabulary;
    private final MergeTable merges;
    private final ByteFallback byteFallback; // null when the model has no byte fallback
    private final int unkId; // Vocabulary.ABSENT when the model has no unknown token
    private final boolean fuseUnk;
    private final boolean ignoreMerges;

    BpeMerger(Vocabulary vocabulary, MergeTable merges, ByteFallback byteFallback, int unkId, boolean fuseUnk,
            boolean ignoreMerges) {
        this.vocabulary = vocabulary;
        this.merges = merges;
        this.byteFallback = byteFallback;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
    }

    void encodeWord(String word, IntArrayBuilder out) {
        if (word.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            int whole = vocabulary.idOf(word);
            if (whole != Vocabulary.ABSENT) {
                out.add(whole);
                return;
            }
        }
        int[] symbols = initialSymbols(word);
        int count = symbols.length;
        if (count > 1) {
            count = mergeAll(symbols);
        }
        for (int i = 0; i < count; i++) {
            out.add(symbols[i]);
        }
    }

    /** One symbol per character, byte tokens for characters outside the vocabulary, else the unknown token. */
    private int[] initialSymbols(String word) {
        IntArrayBuilder symbols = new IntArrayBuilder(word.length() + 8);
        boolean pendingUnk = false;
        for (int i = 0; i < word.length(); ) {
            int codePoint = word.codePointAt(i);
            i += Character.charCount(codePoint);
            int id = vocabulary.idOfCodePoint(codePoint);
            if (id != Vocabulary.ABSENT) {
                if (pendingUnk) {
                    symbols.add(unkId);
                    pendingUnk = false;
                }
                symbols.add(id);
                continue;
            }
            int[] bytes = byteFallback == null ? null : byteFallback.idsFor(codePoint);
            if (bytes != null) {
                // Hugging Face adds the bytes without first flushing a pending unknown token; so do we.
                symbols.addAll(bytes);
                continue;
            }
            if (unkId != Vocabulary.ABSENT) {
                if (pendingUnk && !fuseUnk) {
                    symbols.add(unkId);
                }
                pendingUnk = true;
            }
        }
        if (pendingUnk) {
            symbols.add(unkId);
        }
        return symbols.toArray();
    }

    /** Merges in place; returns the number of symbols left at the front of {@code ids}. */
    private int mergeAll(int[] ids) {
        int n = ids.length;
        int[] next = new int[n];
        int[] prev = new int[n];
        boolean[] removed = new boolean[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        MergeHeap heap = new MergeHeap(n);
        for (int i = 0; i + 1 < n; i++) {
            int rank = merges.rank(ids[i], ids[i + 1]);
            if (rank != MergeTable.NO_MERGE) {
                heap.push(rank, i);
            }
        }
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = MergeHeap.rank(top);
            int pos = MergeHeap.position(top);
            int right = next[pos];
            if (removed[pos] || right == -1) {
                continue;
            }
            // The entry is stale if the pair at pos changed since it was queued (HF compares the merged id).
            int currentRank = merges.rank(ids[pos], ids[right]);
            int mergedId = merges.mergedId(rank);
            if (currentRank == MergeTable.NO_MERGE || merges.mergedId(currentRank) != mergedId) {
                continue;
            }
            ids[pos] = mergedId;
            removed[right] = true;
            int afterRight = next[right];
            next[pos] = afterRight;
            if (afterRight != -1) {
                prev[afterRight] = pos;
            }
            int left = prev[pos];
            if (left != -1) {
                int r = merges.rank(ids[left], ids[pos]);
                if (r != MergeTable.NO_MERGE) {
                    heap.push(r, left);
                }
            }
            if (afterRight != -1) {
                int r = merges.rank(ids[pos], ids[afterRight]);
                if (r != MergeTable.NO_MERGE) {
                    heap.push(r, pos);
                }
            }
        }
        int count = 0;
        for (int i = 0; i != -1; i = next[i]) { // symbol 0 is never removed: merges absorb the right symbol
            ids[count++] = ids[i];
        }
        return count;
    }

    /** Binary min-heap of (rank, position) packed into longs, so comparison is one long comparison. */
    private static final class MergeHeap {
        private long[] heap;
        private int size;

        MergeHeap(int capacity) {
            heap = new long[Math.max(16, capacity)];
        }

        static int rank(long entry) {
            return (int) (entry >>> 32);
        }

        static int position(long entry) {
            return (int) entry;
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(int rank, int position) {
            if (size == heap.length) {
                heap = Arrays.copyOf(heap, size * 2);
            }
            long entry = ((long) rank << 32) | position;
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (heap[parent] <= entry) {
                    break;
                }
                heap[i] = heap[parent];
                i = parent;
            }
            heap[i] = entry;
        }

        long pop() {
            long result = heap[0];
            long last = heap[--size];
            int i = 0;
            int half = size >>> 1;
            while (i < half) {
                int child = 2 * i + 1;
                if (child + 1 < size && heap[child + 1] < heap[child]) {
                    child++;
                }
                if (last <= heap[child]) {
                    break;
                }
                heap[i] = heap[child];
                i = child;
            }
            heap[i] = last;
            return result;
        }
    }
}
