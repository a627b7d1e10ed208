package org.snoplus.snoop.admin;

/**
 * The event loop's counters.
 *
 * @param events events taken from the readers
 * @param rate events per second over the last sample period
 * @param buffered events read but not yet delivered to every processor
 * @param capacity size of the loop's buffer
 * @param samplePeriodMs the sample period
 * @param run current run number, -1 if unknown
 */
public record LoopInfo(long events, double rate, long buffered, int capacity, long samplePeriodMs, long run) {
}
