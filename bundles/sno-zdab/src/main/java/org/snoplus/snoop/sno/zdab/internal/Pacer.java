package org.snoplus.snoop.sno.zdab.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases records at a steady rate. Each has a due time on a schedule that starts with the first;
 * a batch is released when its first record is due. Sleeping to a schedule, rather than for a
 * fixed interval after each batch, keeps the average rate exact whatever the time spent reading,
 * decoding and publishing.
 */
final class Pacer {

    /** A lag beyond this (back-pressure, a paused VM) is forgiven rather than caught up in a burst. */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest single sleep, so that a closed sink is noticed promptly even at one event a minute. */
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double nanosPerRecord;
    private long start;
    private long released;
    private boolean started;

    /** @param rate records per second, 0 for no pacing */
    Pacer(double rate) {
        this.nanosPerRecord = rate > 0 ? 1e9 / rate : 0;
    }

    /** The batch size to use: a batch holds at most 10 ms worth of records at the rate. */
    static int batchSize(double rate, int max) {
        if (rate <= 0) {
            return max;
        }
        return (int) Math.max(1, Math.min(max, rate / 100));
    }

    /**
     * Waits until the next {@code n} records are due and counts them as released.
     *
     * @param go asked between sleeps; when it turns false the wait ends early
     * @return false if the wait ended because {@code go} turned false
     */
    boolean await(int n, BooleanSupplier go) {
        if (nanosPerRecord == 0) {
            return go.getAsBoolean();
        }
        long now = System.nanoTime();
        if (!started) {
            started = true;
            start = now;
        }
        long due = start + (long) (released * nanosPerRecord);
        if (now - due > MAX_LAG_NANOS) {
            start += now - due;
            due = now;
        }
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (!go.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
        released += n;
        return go.getAsBoolean();
    }
}
