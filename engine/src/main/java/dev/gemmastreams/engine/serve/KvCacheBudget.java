package dev.gemmastreams.engine.serve;

import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * The memory all sequences' KV caches may take together. A request reserves what its longest sequence can need
 * before it starts and gives it back when it ends; one that does not fit now waits (first come, first served), and
 * one that could never fit is refused at once with the figures.
 */
final class KvCacheBudget {
    private final long total;
    private final ReentrantLock lock = new ReentrantLock(true);
    private final Condition released = lock.newCondition();
    private long used;
    private long nextTicket;
    private long serving;
    /** Tickets of waiters that gave up before their turn: passed over when it comes. */
    private final java.util.Set<Long> gaveUp = new java.util.HashSet<>();

    KvCacheBudget(long totalBytes) {
        if (totalBytes < 1) {
            throw new IllegalArgumentException("The KV cache budget must be positive, was " + totalBytes);
        }
        this.total = totalBytes;
    }

    long total() {
        return total;
    }

    long used() {
        lock.lock();
        try {
            return used;
        } finally {
            lock.unlock();
        }
    }

    /** Refuses, before any waiting, a reservation larger than the whole budget. */
    void checkFits(long bytes, int positions) {
        if (bytes > total) {
            throw new KvCacheBudgetException(positions, bytes, total);
        }
    }

    /** Blocks until {@code bytes} are free (in arrival order), or until {@code cancelled}. */
    void reserve(long bytes, BooleanSupplier cancelled) {
        lock.lock();
        try {
            long ticket = nextTicket++;
            try {
                while (ticket != serving || used + bytes > total) {
                    if (cancelled.getAsBoolean()) {
                        throw new CancellationException("Cancelled while waiting for KV cache memory");
                    }
                    released.await(50, TimeUnit.MILLISECONDS);
                }
                used += bytes;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("Interrupted while waiting for KV cache memory");
            } finally {
                // Reserved or given up: either way the next in line may go.
                if (ticket == serving) {
                    serving++;
                    while (gaveUp.remove(serving)) {
                        serving++;
                    }
                } else {
                    gaveUp.add(ticket);
                }
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    void release(long bytes) {
        lock.lock();
        try {
            used -= bytes;
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
