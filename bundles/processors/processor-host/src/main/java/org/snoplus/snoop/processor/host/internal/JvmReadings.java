package org.snoplus.snoop.processor.host.internal;

import java.util.Map;

/**
 * What the JVM says about itself at one instant. Negative numbers mean "not available here".
 *
 * @param jvm which JVM this is (process id and start time): counters of another are not comparable
 * @param nanoTime {@link System#nanoTime()} when read
 * @param heapMax -1 when the heap has no defined maximum
 * @param processCpuLoad this process's share of all CPUs, 0..1 (the JVM's recent average)
 * @param systemCpuLoad the whole machine's CPU use, 0..1
 * @param processCpuTime CPU time this process has used, ns
 * @param loadAverage the system load average of the last minute
 * @param collectors cumulative collections and collection time (ms) of each garbage collector
 * @param pools each memory pool, when details were asked for (else empty)
 */
record JvmReadings(String jvm, long nanoTime, long heapUsed, long heapCommitted, long heapMax, long nonHeapUsed,
        long nonHeapCommitted, double processCpuLoad, double systemCpuLoad, long processCpuTime, int threads,
        int daemonThreads, int peakThreads, double loadAverage, int processors, long uptimeMs,
        Map<String, Gc> collectors, Map<String, Pool> pools) {

    /** A garbage collector's totals since the JVM started; negative when undefined. */
    record Gc(long count, long timeMs) {
    }

    /** A memory pool's usage, bytes; max -1 when undefined. */
    record Pool(long used, long committed, long max) {
    }
}
