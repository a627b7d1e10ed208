package org.snoplus.snoop.core.internal;

/**
 * Where one reader's source stood after each of its last batches, by the ring sequence the batch
 * ended at, so that a checkpoint cut at sequence {@code H} finds the position after exactly the
 * events below {@code H}. Written by the reader thread before the batch is committed (so an entry
 * is there before the loop can see the batch); read by the loop at a cut.
 *
 * <p>The log keeps the last {@value #SIZE} batches: a cut is looked up right after the loop read
 * the published sequence, so far fewer batches can have come after it; if more did, the lookup says
 * so ({@link #LOST}) and that checkpoint is not written. Each entry is one immutable object (one
 * allocation per batch, none per event), so a lookup never sees half an entry.
 */
final class PositionLog {

    static final int SIZE = 64;
    /** The position inside a batch that went into the ring in chunks: unknown there. */
    static final Object PARTIAL = new Object() {
        @Override
        public String toString() {
            return "(inside a batch)";
        }
    };
    /** The answer when the entries needed were overwritten while the lookup ran. */
    static final Object LOST = new Object() {
        @Override
        public String toString() {
            return "(overwritten)";
        }
    };

    private record Entry(long serial, long end, Object position) {
    }

    private final Entry[] entries = new Entry[SIZE];
    /** Entries recorded so far; the volatile write publishes each entry. */
    private volatile long count;
    /** A batch was published without a position: this reader cannot resume (reader thread only writes). */
    private volatile boolean positionless;
    /** Where the reader started: its position before its first batch. */
    private final Object start;

    PositionLog(Object start) {
        this.start = start;
    }

    /** Reader thread: a batch (or a chunk of one) ends at {@code end}, with the source at {@code position}. */
    void record(long end, Object position) {
        if (position == null) {
            positionless = true;
            return;
        }
        long c = count;
        entries[(int) c & (SIZE - 1)] = new Entry(c, end, position);
        count = c + 1;
    }

    /** Reader thread: one event published without a position. */
    void unpositioned() {
        if (!positionless) {
            positionless = true;
        }
    }

    /**
     * The position after the reader's last batch that ended at or before {@code cut}: its start
     * position if none did; null if it cannot resume (it published without positions);
     * {@link #PARTIAL} or {@link #LOST} when the cut cannot be given a position.
     */
    Object at(long cut) {
        if (positionless) {
            return null;
        }
        long c = count;
        Entry newer = null;
        for (long k = c - 1; k >= 0 && k >= c - SIZE; k--) {
            Entry e = entries[(int) k & (SIZE - 1)];
            if (e == null || e.serial != k) {
                return LOST; // overwritten by a newer entry while we looked
            }
            if (e.end <= cut) {
                return newer == null || newer.serial == k + 1 ? e.position : LOST;
            }
            newer = e;
        }
        return c <= SIZE ? start : LOST;
    }
}
