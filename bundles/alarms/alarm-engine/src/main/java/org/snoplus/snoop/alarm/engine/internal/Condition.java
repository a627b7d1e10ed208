package org.snoplus.snoop.alarm.engine.internal;

import org.snoplus.snoop.alarm.Severity;

/**
 * A framework alarm's condition that holds now (a processor quarantined, a reader down...), as
 * {@link FrameworkChecks} finds it at each check.
 *
 * @param name the alarm's name ({@code snoop.processor.NAME.quarantined})
 * @param forMs how long it must hold before the alarm fires
 */
record Condition(String name, Severity severity, String message, Object value, long forMs) {
}
