package org.snoplus.snoop.reader.support;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Releases a reader's batches on a schedule, so that a replay or a simulation reaches the
 * processors at the pace the detector would have produced it. Every reader with a {@code rate}
 * setting needs exactly this, and the subtle parts (the anchor, forgiving a stall, noticing a
 * closed sink) are easy to get slightly wrong in each copy; hence one class.
 *
 * <p>The schedule is one of two kinds; use one kind per pacer:
 * <ul>
 * <li>by count, {@link #await(int, BooleanSupplier)}: the k-th item is due k / rate seconds after the
 * first. For readers that replay files at a configured rate (ndjson, ZDAB).</li>
 * <li>by the source's own clock, {@link #awaitElapsed(long, BooleanSupplier)}: an item is due when
 * as much time has passed as its source says passed since the first. For a source that keeps time
 * itself (the synthetic detector's 10 MHz clock), whose rate then is the rate that clock shows.</li>
 * </ul>
 *
 * <p>Either way the schedule is anchored to {@link System#nanoTime()} at the first wait, and a
 * batch is released when its first item is due. Sleeping to a schedule, rather than for a fixed
 * interval after each batch, keeps the average rate exact whatever the time spent reading,
 * decoding and publishing. A pacer belongs to one thread (one call of a reader's {@code read}).
 */
public final class Pacer {

    /**
     * A stall (back-pressure from a slow processor, a paused VM) would otherwise be followed by a
     * burst at full speed until the schedule is caught up; the stream would no longer look like the
     * detector. A lag beyond this is forgiven instead: the schedule moves on by the lag.
     */
    public static final long MAX_LAG_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** Longest single sleep, so that a closed sink is noticed promptly even at one event a minute. */
    public static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final double nanosPerItem;
    /** The {@code nanoTime} at which the schedule is at 0. */
    private long origin;
    private boolean started;
    /** Items released so far, for the schedule by count. */
    private long released;

    /**
     * @param rate items per second for {@link #await(int, BooleanSupplier)}; for
     *        {@link #awaitElapsed(long, BooleanSupplier)} only whether it is above 0 matters. 0 (or
     *        less) releases everything at once.
     */
    public Pacer(double rate) {
        this.nanosPerItem = rate > 0 ? 1e9 / rate : 0;
    }

    /**
     * The batch size to use: at a low rate a full batch would hold its first item back for a long
     * time, so a batch holds at most 10 ms worth of items at {@code rate}.
     *
     * @param rate items per second, 0 for no pacing
     * @param max the configured batch size, used as it is when there is no pacing
     */
    public static int batchSize(double rate, int max) {
        if (rate <= 0) {
            return max;
        }
        return (int) Math.max(1, Math.min(max, rate / 100));
    }

    /**
     * Schedule by count: waits until the next {@code n} items are due (that is, the first of them)
     * and counts them as released.
     *
     * @param go asked between sleeps; when it turns false the wait ends early
     * @return false if the wait ended because {@code go} turned false, else what {@code go} says now
     */
    public boolean await(int n, BooleanSupplier go) {
        if (nanosPerItem == 0) {
            return go.getAsBoolean();
        }
        if (!waitUntil((long) (released * nanosPerItem), go)) {
            return false;
        }
        released += n;
        return go.getAsBoolean();
    }

    /**
     * Schedule by the source's clock: waits until the source's time {@code elapsedNanos} is due.
     * The first call anchors that time to now, whatever its value.
     *
     * @param elapsedNanos the source's own time of the batch's first item, in nanoseconds from any
     *        fixed origin
     * @param go asked between sleeps; when it turns false the wait ends early
     * @return false if the wait ended because {@code go} turned false, else what {@code go} says now
     */
    public boolean awaitElapsed(long elapsedNanos, BooleanSupplier go) {
        if (nanosPerItem == 0) {
            return go.getAsBoolean();
        }
        return waitUntil(elapsedNanos, go) && go.getAsBoolean();
    }

    /** Sleeps until schedule position {@code at} is due; false if {@code go} turned false first. */
    private boolean waitUntil(long at, BooleanSupplier go) {
        long now = System.nanoTime();
        if (!started) {
            started = true;
            origin = now - at;
        }
        long due = origin + at;
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
        return true;
    }
}
