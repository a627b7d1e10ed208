package org.snoplus.snoop.sno.synthetic.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases events when the simulated detector says they happened: the schedule is the simulated
 * time of the events, anchored to {@link System#nanoTime()} at the first batch. Following the
 * simulated clocks rather than a fixed interval keeps the published rate equal to the rate the
 * 10 MHz clock shows, whatever the time spent generating and publishing.
 */
final class Pacer {

    /**
     * A stall (back-pressure from a slow processor, a paused VM) would otherwise be followed by a
     * burst at full speed until the schedule is caught up; the stream would no longer look like the
     * detector. A lag beyond this is forgiven instead.
     */
    static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest single sleep, so that a closed sink is noticed promptly even at one event a minute. */
    static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final boolean paced;
    private long origin;
    private boolean started;

    /** @param paced false to release everything at once */
    Pacer(boolean paced) {
        this.paced = paced;
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
     * Waits until simulated time {@code simNanos} is due.
     *
     * @param go asked between sleeps; when it turns false the wait ends early
     * @return false if the wait ended because {@code go} turned false
     */
    boolean await(long simNanos, BooleanSupplier go) {
        if (!paced) {
            return go.getAsBoolean();
        }
        long now = System.nanoTime();
        if (!started) {
            started = true;
            origin = now - simNanos;
        }
        long due = origin + simNanos;
        if (now - due > MAX_LAG_NANOS) {
            origin += now - due;
            due = now;
        }
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (!go.getAsBoolean()) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, MAX_PARK_NANOS));
        }
        return go.getAsBoolean();
    }
}
