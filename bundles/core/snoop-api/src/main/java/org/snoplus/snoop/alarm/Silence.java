package org.snoplus.snoop.alarm;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A silence: alarms whose names match {@code pattern} are kept and shown but notify nobody and do
 * not raise the pages' banner until {@code until}.
 *
 * @param pattern an alarm name, or a name with {@code *} standing for any characters
 *        ({@code snoop.reader.*})
 * @param since when it was set, ms since the epoch
 * @param until when it ends, ms since the epoch
 * @param by who set it
 * @param comment why
 */
public record Silence(String pattern, long since, long until, String by, String comment) {

    /** Whether the alarm {@code name} is covered. */
    public boolean covers(String name) {
        return matches(pattern, name);
    }

    /** Whether {@code name} matches {@code pattern}, where {@code *} stands for any characters. */
    public static boolean matches(String pattern, String name) {
        int star = pattern.indexOf('*');
        if (star < 0) {
            return pattern.equals(name);
        }
        String[] parts = pattern.split("\\*", -1);
        int at = 0;
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (i == 0) {
                if (!name.startsWith(p)) {
                    return false;
                }
                at = p.length();
            } else if (i == parts.length - 1) {
                return name.length() - p.length() >= at && name.endsWith(p);
            } else {
                int found = name.indexOf(p, at);
                if (found < 0) {
                    return false;
                }
                at = found + p.length();
            }
        }
        return true;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pattern", pattern);
        m.put("since", since);
        m.put("until", until);
        m.put("by", by);
        m.put("comment", comment);
        return m;
    }
}
