package org.snoplus.snoop.core.internal;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The buffer between the readers and the event loop: a ring of event references with many
 * producers (one per reader) and one consumer (the loop).
 *
 * <p>Sequences only grow. Producers claim a range with one atomic add, wait until the range is
 * free ({@code end - gate <= capacity}), fill it, and publish in claim order. The loop reads up to
 * {@link #published()} and frees slots by raising the {@link #gate} to the lowest position any
 * processor still needs, which is how events are held for a processor that is sampling or being
 * swapped without copying them anywhere.
 *
 * <p>Beside each event the ring keeps the run it belongs to (as its reader last declared it), so
 * that a run change reaches each processor with the events, not before them.
 */
final class EventRing {

    private final Object[] slots;
    /** The run of the event in the same slot; written by its producer before it publishes. */
    private final long[] runs;
    private final int mask;
    private final int capacity;

    // Written by producers, read by everyone; padded apart so producers and the loop do not share
    // a cache line on the hot path.
    private final AtomicLong claimed = new AtomicLong();
    @SuppressWarnings("unused")
    private long p1, p2, p3, p4, p5, p6, p7;
    private volatile long published;
    @SuppressWarnings("unused")
    private long q1, q2, q3, q4, q5, q6, q7;
    private volatile long gate;
    @SuppressWarnings("unused")
    private long r1, r2, r3, r4, r5, r6, r7;

    private volatile Thread consumer;
    private volatile boolean consumerParked;
    private volatile boolean closed;

    EventRing(int capacity) {
        if (Integer.bitCount(capacity) != 1 || capacity < 64) {
            throw new IllegalArgumentException("ring.size must be a power of two >= 64, not " + capacity);
        }
        this.slots = new Object[capacity];
        this.runs = new long[capacity];
        this.mask = capacity - 1;
        this.capacity = capacity;
    }

    int capacity() {
        return capacity;
    }

    /** Events published so far (the exclusive end of what the loop may read). */
    long published() {
        return published;
    }

    long claimed() {
        return claimed.get();
    }

    long gate() {
        return gate;
    }

    /** Called by the loop only: everything below {@code g} may be overwritten. */
    void gate(long g) {
        if (g != gate) {
            gate = g;
        }
    }

    /** The slots themselves, for the loop's inner loop (index = sequence & (length - 1)). */
    Object[] slots() {
        return slots;
    }

    Object get(long sequence) {
        return slots[(int) sequence & mask];
    }

    /** The run of the published event at {@code sequence}; -1 before the first event. */
    long runAt(long sequence) {
        return sequence < 0 ? -1 : runs[(int) sequence & mask];
    }

    void consumer(Thread t) {
        consumer = t;
    }

    /** Called by the loop before it parks; producers then wake it. */
    void consumerParked(boolean parked) {
        consumerParked = parked;
    }

    void close() {
        closed = true;
    }

    void open() {
        closed = false;
    }

    boolean isClosed() {
        return closed;
    }

    /** Publishes one event of run {@code run}; blocks while the ring is full. */
    void publish(Object event, long run) {
        long start = claim(1);
        int i = (int) start & mask;
        slots[i] = event;
        runs[i] = run;
        commit(start, start + 1);
    }

    /**
     * Publishes {@code events[from..to)}, of run {@code run}; blocks while the ring is full. A batch
     * larger than half the ring goes in chunks. Before each chunk is committed, {@code positions}
     * learns where it ends (so a checkpoint cut at that sequence finds the reader's position
     * already recorded).
     */
    void publish(Object[] events, int from, int to, long run, PositionLog positions, Object position) {
        int n = to - from;
        while (n > 0) {
            // never claim more than the ring holds, or the claim could never be satisfied
            int chunk = Math.min(n, capacity >> 1);
            long start = claim(chunk);
            for (int i = 0; i < chunk; i++) {
                int at = (int) (start + i) & mask;
                slots[at] = events[from + i];
                runs[at] = run;
            }
            from += chunk;
            n -= chunk;
            positions.record(start + chunk, n == 0 ? position : PositionLog.PARTIAL);
            commit(start, start + chunk);
        }
    }

    private long claim(int n) {
        if (closed) {
            throw new IllegalStateException("the event loop is not accepting events");
        }
        long start = claimed.getAndAdd(n);
        long end = start + n;
        int spins = 0;
        // Once claimed the range must be published, even if the ring closes meanwhile: a gap
        // would stop every later producer. The loop keeps consuming while it drains, so this ends.
        while (end - gate > capacity) {
            if (++spins < 100) {
                Thread.onSpinWait();
            } else {
                wakeConsumer();
                LockSupport.parkNanos(20_000);
            }
        }
        return start;
    }

    private void commit(long start, long end) {
        while (published != start) {
            Thread.onSpinWait();
        }
        published = end;
        if (consumerParked) {
            wakeConsumer();
        }
    }

    void wakeConsumer() {
        Thread t = consumer;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }
}
