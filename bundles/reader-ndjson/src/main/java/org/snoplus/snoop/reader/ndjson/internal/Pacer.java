package org.snoplus.snoop.reader.ndjson.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases events at a steady rate. Each event has a due time on a schedule that starts with the
 * first event; a batch is released when its first event is due. Sleeping to a schedule, rather
 * than for a fixed interval after each batch, keeps the average rate exact whatever the time spent
 * reading, parsing and publishing.
 */
final class Pacer {

    /**
     * A stall (back-pressure from a slow processor, a paused VM) would otherwise be followed by a
     * burst at full speed until the schedule is caught up; the replay would no longer look like the
     * detector. A lag beyond this is forgiven instead.
     */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest single sleep, so that a closed sink is noticed promptly even at one event a minute. */
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double nanosPerEvent;
    private long start;
    private long released;
    private boolean started;

    /** @param rate events per second, 0 for no pacing */
    Pacer(double rate) {
        this.nanosPerEvent = rate > 0 ? 1e9 / rate : 0;
    }

    /**
     * The batch size to use: at a low rate a full batch would hold its first event back for a long
     * time, so a batch holds at most 10 ms worth of events.
     */
    static int batchSize(double rate, int max) {
        if (rate <= 0) {
            return max;
        }
        return (int) Math.max(1, Math.min(max, rate / 100));
    }

    /**
     * Waits until the next {@code n} events are due and counts them as released.
     *
     * @param go asked between sleeps; when it turns false the wait ends early
     * @return false if the wait ended because {@code go} turned false
     */
    boolean await(int n, BooleanSupplier go) {
        if (nanosPerEvent == 0) {
            return go.getAsBoolean();
        }
        long now = System.nanoTime();
        if (!started) {
            started = true;
            start = now;
        }
        long due = start + (long) (released * nanosPerEvent);
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
