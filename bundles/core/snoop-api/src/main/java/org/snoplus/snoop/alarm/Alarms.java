package org.snoplus.snoop.alarm;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Lets a processor raise alarms of its own, for what no rule on its documents can say (a
 * condition it sees inside events, an external system it polls). Reference it from the
 * processor's component as an optional, dynamic service, so that the processor runs without the
 * alarms too:
 *
 * <pre>
 * &#64;Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
 * private volatile Alarms alarms;
 * ...
 * Alarms a = alarms;
 * if (a != null) {
 *     a.raise("mything.stuck-crate", Severity.WARNING, "crate 7 sent nothing for 10 s");
 * }
 * </pre>
 *
 * <p>Both methods are cheap and never block: they may be called from {@code event()}. What they
 * ask is taken up within a second and then follows the alarm's life like any other: firing,
 * acknowledged, cleared (by {@link #clear}), stored in the history and notified. Raising an alarm
 * that fires already only updates its message and severity. Names are the caller's: start them with
 * the processor's name; {@code snoop.} is the framework's and is refused.
 */
@ProviderType
public interface Alarms {

    /**
     * Raises (or updates) the alarm {@code name}.
     *
     * @param name letters, digits and {@code . _ -}, at most 128 characters
     * @param message what a shifter reads; at most 1000 characters are kept
     * @throws IllegalArgumentException if the name is not allowed
     */
    void raise(String name, Severity severity, String message);

    /** Clears the alarm {@code name} if it is active; nothing happens otherwise. */
    void clear(String name);
}
