package org.snoplus.snoop.alarm.engine.internal;

import org.snoplus.snoop.alarm.Quality;
import org.snoplus.snoop.alarm.Severity;

/**
 * One rule of a rule file, checked and immutable: a field of a processor's documents (perhaps
 * derived: divided by another field, or its rate of change), a condition with its clear threshold
 * (hysteresis), how long it must hold ({@code for}), the severity and the message of its alarm.
 *
 * @param name the rule's name, which is its alarm's name
 * @param file the rule file's name
 * @param line the line of its {@code [name]}
 * @param field the field watched
 * @param divide the field it is divided by (a ratio), or null
 * @param rate whether the value is the field's rate of change per second
 * @param kind the condition
 * @param fire above/below: the threshold; outside: the band's low end
 * @param fireHigh outside: the band's high end
 * @param clear above/below: where it clears; outside: the clear band's low end
 * @param clearHigh outside: the clear band's high end
 * @param equal equal: the value (a Double, String or Boolean)
 * @param periods missing: sample periods without the field
 * @param reference compare: the reference's name
 * @param test compare: {@code ks} or {@code chi2}
 * @param medium compare: p below this is medium
 * @param bad compare: p below this is bad
 * @param minEntries compare: fewer entries are not judged
 * @param fireLevel compare: the level from which the alarm fires
 * @param forMs how long the condition must hold before the alarm fires, ms
 * @param severity the alarm's severity
 * @param message the message of the alarm when it fires
 * @param clearMessage the message when it clears
 * @param condition the condition as a shifter reads it
 */
record Rule(String name, String file, int line, FieldPath field, FieldPath divide, boolean rate, Kind kind,
        double fire, double fireHigh, double clear, double clearHigh, Object equal, int periods, String reference,
        String test, double medium, double bad, long minEntries, Quality.Level fireLevel, long forMs, Severity severity,
        MessageTemplate message, MessageTemplate clearMessage, String condition) {

    /** The conditions, by the key that gives them. */
    enum Kind {
        ABOVE("above"), BELOW("below"), OUTSIDE("outside"), EQUAL("equal"), CHANGED("changed"), MISSING("missing"),
        COMPARE("compare");

        final String key;

        Kind(String key) {
            this.key = key;
        }

        boolean numeric() {
            return this == ABOVE || this == BELOW || this == OUTSIDE;
        }
    }

    /** What the field watched is called in messages and listings: with its derivation. */
    String watched() {
        String f = field.toString();
        if (divide != null) {
            f = f + " / " + divide.path;
        }
        return rate ? "rate of " + f : f;
    }
}
