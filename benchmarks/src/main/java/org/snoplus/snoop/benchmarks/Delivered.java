package org.snoplus.snoop.benchmarks;

import java.util.concurrent.locks.LockSupport;

import org.snoplus.snoop.core.internal.Engine;

/** Waiting, in a loop benchmark, until the last processor has seen every event published. */
final class Delivered {

    private Delivered() {
    }

    /**
     * Parks (not spins: the benchmark thread must not take a core from the reader or the loop)
     * until {@code last} has counted {@code expected} events; fails after a minute, since events
     * lost would otherwise hang the benchmark.
     */
    static void await(TrivialProcessors.Counted last, long expected, Engine engine, long parkNanos) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (last.n() < expected) {
            LockSupport.parkNanos(parkNanos);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("events lost: " + engine.processors());
            }
        }
    }
}
