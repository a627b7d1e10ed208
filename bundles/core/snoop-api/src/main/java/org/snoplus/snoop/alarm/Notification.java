package org.snoplus.snoop.alarm;

import java.time.Instant;
import java.util.List;

/**
 * What a {@link Notifier} is told: the changes since the last notification, grouped.
 *
 * @param instance the snoop instance (host) they come from
 * @param changes the changes, oldest first: alarms that fired, were acknowledged, cleared
 *        (resolved)
 * @param left changes not listed because there were too many (counted, newest kept)
 * @param active the alarms active after these changes
 */
public record Notification(String instance, List<Alarm> changes, int left, List<Alarm> active) {

    public Notification {
        changes = List.copyOf(changes);
        active = List.copyOf(active);
    }

    /** A one-line subject: {@code [snoop daq1] 2 firing, 1 resolved: nhit-high, ...}. */
    public String subject() {
        int firing = 0;
        int resolved = 0;
        int acknowledged = 0;
        StringBuilder names = new StringBuilder();
        for (Alarm a : changes) {
            switch (a.state()) {
                case FIRING -> firing++;
                case CLEARED -> resolved++;
                case ACKNOWLEDGED -> acknowledged++;
                default -> {
                }
            }
            if (names.length() < 120 && names.indexOf(a.name()) < 0) {
                names.append(names.length() == 0 ? "" : ", ").append(a.name());
            }
        }
        StringBuilder s = new StringBuilder("[snoop ").append(instance).append("] ");
        String sep = "";
        if (firing > 0) {
            s.append(firing).append(" firing");
            sep = ", ";
        }
        if (resolved > 0) {
            s.append(sep).append(resolved).append(" resolved");
            sep = ", ";
        }
        if (acknowledged > 0) {
            s.append(sep).append(acknowledged).append(" acknowledged");
        }
        return s.append(": ").append(names).toString();
    }

    /** The body in plain text: one paragraph per change, then what is still active. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Alarm a : changes) {
            String what = switch (a.state()) {
                case FIRING -> "FIRING";
                case ACKNOWLEDGED -> "ACKNOWLEDGED by " + a.by() + (a.comment() == null || a.comment().isEmpty() ? ""
                        : " (" + a.comment() + ")");
                case CLEARED -> "RESOLVED";
            };
            b.append(what).append("  ").append(a.severity().label().toUpperCase(java.util.Locale.ROOT)).append("  ")
                    .append(a.name()).append('\n');
            b.append("  ").append(a.message()).append('\n');
            b.append("  at ").append(Instant.ofEpochMilli(a.time())).append(", firing since ")
                    .append(Instant.ofEpochMilli(a.since())).append(" (").append(a.origin()).append(")\n\n");
        }
        if (left > 0) {
            b.append("(").append(left).append(" more changes not listed)\n\n");
        }
        b.append(active.isEmpty() ? "No alarm is active now.\n" : "Active now: " + active.size() + "\n");
        for (Alarm a : active) {
            b.append("  ").append(a.severity().label()).append("  ").append(a.name()).append("  ").append(a.state().label())
                    .append(a.silenced() ? " (silenced)" : "").append('\n');
        }
        return b.toString();
    }
}
