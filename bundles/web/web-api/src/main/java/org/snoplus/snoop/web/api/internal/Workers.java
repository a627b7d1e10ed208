package org.snoplus.snoop.web.api.internal;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * How many requests are worked on at once: {@code heavy} ones (over more than an hour, or a run)
 * and, apart, twice as many light ones (latest values, the last hour, the list of processors), so
 * that a crowd asking for weeks of data does not keep a dashboard from its latest values and plots. A request that
 * finds every worker of its kind busy for {@link #WAIT_MS} is turned away (503, Retry-After): a
 * burst waits a little, a crowd is told to come back, and nothing queues without bound.
 */
final class Workers {

    /** How long a request waits for a worker. */
    static final long WAIT_MS = 250;

    private final int heavy;
    private final Semaphore heavyPermits;
    private final Semaphore lightPermits;

    Workers(int heavy) {
        this.heavy = heavy;
        this.heavyPermits = new Semaphore(heavy, true);
        this.lightPermits = new Semaphore(2 * heavy, true);
    }

    int heavy() {
        return heavy;
    }

    /** A worker, or null if all were busy for {@link #WAIT_MS}; {@link Permit#close} gives it back. */
    Permit enter(boolean heavyRequest) {
        Semaphore s = heavyRequest ? heavyPermits : lightPermits;
        try {
            if (!s.tryAcquire(WAIT_MS, TimeUnit.MILLISECONDS)) {
                return null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        return new Permit(s);
    }

    /** Requests being worked on now (heavy, light). */
    int[] busy() {
        return new int[] {heavy - heavyPermits.availablePermits(), 2 * heavy - lightPermits.availablePermits()};
    }

    static final class Permit implements AutoCloseable {
        private Semaphore semaphore;

        private Permit(Semaphore semaphore) {
            this.semaphore = semaphore;
        }

        @Override
        public void close() {
            if (semaphore != null) {
                semaphore.release();
                semaphore = null;
            }
        }
    }
}
