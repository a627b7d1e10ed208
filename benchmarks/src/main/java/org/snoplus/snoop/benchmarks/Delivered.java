package org.snoplus.snoop.benchmarks;

import java.util.concurrent.locks.LockSupport;

import org.osgi.framework.Version;
import org.snoplus.snoop.core.internal.CoreSettings;
import org.snoplus.snoop.core.internal.Engine;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.reader.Reader;

/**
 * The real loop for the loop benchmarks: started with their processors and reader, and waited on
 * until the last processor has seen every event published.
 */
final class Delivered {

    private Delivered() {
    }

    /** An engine (no checkpoints) with {@code processors} bound as NAME0, NAME1… and {@code reader}, started. */
    static Engine start(Processor<?>[] processors, String name, Reader reader) {
        Engine engine = new Engine(new CoreSettings(1000, 10_000, 5000, 10, 1 << 16, 10_000, "bench", 10_000));
        for (int i = 0; i < processors.length; i++) {
            engine.bind(name + i, processors[i], Version.parseVersion("1.0.0"), "bench");
        }
        engine.addReader("bench", reader);
        engine.start();
        return engine;
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
