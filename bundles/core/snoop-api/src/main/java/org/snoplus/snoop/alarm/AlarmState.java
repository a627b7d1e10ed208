package org.snoplus.snoop.alarm;

import java.util.Locale;

/**
 * Where an alarm is in its life: {@code FIRING} when its condition has held long enough,
 * {@code ACKNOWLEDGED} when a shifter has said they saw it (it stays until its condition ends),
 * {@code CLEARED} when its condition ended. Each change is one entry of the alarm history.
 */
public enum AlarmState {
    FIRING,
    ACKNOWLEDGED,
    CLEARED;

    /** The lower-case name, as in JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
