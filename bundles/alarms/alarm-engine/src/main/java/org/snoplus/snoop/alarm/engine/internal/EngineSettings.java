package org.snoplus.snoop.alarm.engine.internal;

import org.snoplus.snoop.alarm.Severity;

/**
 * The engine's bounds and its notification threshold.
 *
 * @param notifySeverity changes of this severity or worse reach the notifiers
 * @param maxActive alarms active at once; a new one beyond is refused (counted, logged once)
 * @param maxSilences silences at once
 * @param maxSilenceMs the longest silence
 * @param maxChanges changes kept for the next {@code alarms} document (the oldest beyond are dropped, counted)
 * @param maxRaised alarm requests of processors waiting to be taken up (more are refused, counted)
 */
record EngineSettings(Severity notifySeverity, int maxActive, int maxSilences, long maxSilenceMs, int maxChanges,
        int maxRaised) {

    static EngineSettings defaults() {
        return new EngineSettings(Severity.WARNING, 1000, 100, 7 * 86_400_000L, 1000, 1000);
    }
}
