package org.snoplus.snoop.alarm;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An alarm as it is now, or one change of it in the history. Its JSON form ({@link #toMap()}):
 *
 * <pre>
 * {"name": "nhit-high", "severity": "warning", "state": "firing", "origin": "detector.alarms",
 *  "message": "mean NHIT 71.2 above 60 for 30 s", "value": 71.2, "since": 1764362400000,
 *  "time": 1764362430000, "silenced": false, "by": null, "comment": null}
 * </pre>
 *
 * @param name unique name: the rule's name, {@code snoop.…} for the framework's own alarms, or the
 *        name a processor gave
 * @param severity how bad it is
 * @param state where it is
 * @param origin what raised it: the rule file's name, {@code snoop} (the framework) or
 *        {@code processor NAME}
 * @param message what a shifter reads, with the values filled in
 * @param value the value that made it fire or clear (a number, text, or null)
 * @param since when it started firing, ms since the epoch
 * @param time when it reached this state, ms since the epoch
 * @param silenced whether a silence covers it (it is kept and shown, but nobody is notified)
 * @param by who acknowledged it (null before)
 * @param comment what they said (null before)
 */
public record Alarm(String name, Severity severity, AlarmState state, String origin, String message, Object value,
        long since, long time, boolean silenced, String by, String comment) {

    public Alarm {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(state, "state");
    }

    /** The JSON form, in the order shown above. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", name);
        m.put("severity", severity.label());
        m.put("state", state.label());
        m.put("origin", origin);
        m.put("message", message);
        m.put("value", value);
        m.put("since", since);
        m.put("time", time);
        m.put("silenced", silenced);
        m.put("by", by);
        m.put("comment", comment);
        return m;
    }

    /**
     * Reads an alarm back from its JSON form.
     *
     * @throws IllegalArgumentException naming the field that is missing or wrong
     */
    public static Alarm fromMap(Map<?, ?> m) {
        Object name = m.get("name");
        if (!(name instanceof String n)) {
            throw new IllegalArgumentException("alarm field 'name' must be a string, not " + name);
        }
        AlarmState state;
        try {
            state = AlarmState.valueOf(String.valueOf(m.get("state")).toUpperCase(java.util.Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("alarm field 'state' must be firing, acknowledged or cleared, not "
                    + m.get("state"));
        }
        return new Alarm(n, Severity.parse(String.valueOf(m.get("severity"))), state, text(m, "origin"),
                text(m, "message"), m.get("value"), number(m, "since"), number(m, "time"),
                Boolean.TRUE.equals(m.get("silenced")), text(m, "by"), text(m, "comment"));
    }

    private static String text(Map<?, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    private static long number(Map<?, ?> m, String key) {
        Object v = m.get(key);
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("alarm field '" + key + "' must be a number, not " + v);
    }

    /** Whether it is firing or acknowledged (its condition holds). */
    public boolean active() {
        return state != AlarmState.CLEARED;
    }
}
