package org.snoplus.snoop.query;

import java.util.concurrent.TimeUnit;

/**
 * What one question may cost: a time limit, a budget in bytes for its answer (its size as JSON,
 * estimated), and a way for the asker to call it off (a client that went away). The query service
 * checks them as it reads documents and stops the work with a {@link QueryStoppedException} or an
 * {@link AnswerTooLargeException}. Thread-safe: {@link #cancel} may come from any thread.
 */
public final class QueryLimits {

    private final long deadline; // System.nanoTime() units
    private final boolean timed;
    private final long timeoutMillis;
    private final long maxBytes;
    private volatile String cancelled;

    private QueryLimits(long timeoutMillis, long maxBytes) {
        if (timeoutMillis < 0) {
            throw new IllegalArgumentException("timeoutMillis must not be negative, not " + timeoutMillis);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, not " + maxBytes);
        }
        this.timed = timeoutMillis > 0;
        this.timeoutMillis = timeoutMillis;
        this.deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.maxBytes = maxBytes;
    }

    /**
     * Limits starting now.
     *
     * @param timeoutMillis the time the question may take from now, ms; 0 for no limit
     * @param maxBytes the largest answer, bytes of JSON
     */
    public static QueryLimits of(long timeoutMillis, long maxBytes) {
        return new QueryLimits(timeoutMillis, maxBytes);
    }

    /** No time limit and no budget (for tools and tests; a server should always set both). */
    public static QueryLimits none() {
        return new QueryLimits(0, Long.MAX_VALUE);
    }

    /** The budget of the answer, bytes of JSON. */
    public long maxBytes() {
        return maxBytes;
    }

    /** The time limit this started with, ms; 0 for none. */
    public long timeoutMillis() {
        return timeoutMillis;
    }

    /** Calls the question off (the asker went away); the work stops at the next check. */
    public void cancel(String reason) {
        if (cancelled == null) {
            cancelled = reason == null ? "called off" : reason;
        }
    }

    /** Why the question was called off, or null. */
    public String cancelled() {
        return cancelled;
    }

    /** Whether the time limit has passed. */
    public boolean expired() {
        return timed && System.nanoTime() - deadline >= 0;
    }

    /** Time left before the limit, ms ({@code Long.MAX_VALUE} without a limit, 0 once it passed). */
    public long remainingMillis() {
        if (!timed) {
            return Long.MAX_VALUE;
        }
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    /**
     * Stops the work if it must stop.
     *
     * @throws QueryStoppedException if the question was called off or its time limit passed
     */
    public void check() {
        String reason = cancelled;
        if (reason != null) {
            throw new QueryStoppedException(reason, false);
        }
        if (expired()) {
            throw new QueryStoppedException("the question took longer than its limit of " + timeoutMillis + " ms", true);
        }
    }
}
