package org.snoplus.snoop.alarm.engine.internal;

import org.snoplus.snoop.alarm.Quality;

/** What the engine remembers of one rule between documents. Guarded by the engine's lock. */
final class RuleState {

    final Rule rule;
    /** The condition holds (with hysteresis: it stops holding only past the clear threshold). */
    boolean active;
    /** Since when it holds, ms. */
    long activeSince;
    /** The last value judged (after derivation), its time. */
    Object value;
    long time;
    /** The raw value and time before the last: rate of change, changed. */
    Object previous;
    long previousTime;
    boolean hasPrevious;
    /** missing: when the field was last seen, ms. */
    long lastSeen;
    /** Why the last document could not be judged, or null. */
    String problem;
    /** compare: the last quality. */
    Quality quality;

    RuleState(Rule rule, long now) {
        this.rule = rule;
        this.lastSeen = now;
    }
}
