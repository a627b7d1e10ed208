package org.snoplus.snoop.alarm.engine.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as rule files and commands write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, {@code 7d}. */
final class Durations {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})\\s*(ms|s|m|min|h|d)?");

    private Durations() {
    }

    /**
     * The duration in ms.
     *
     * @throws IllegalArgumentException saying how to write one
     */
    static long parse(String text) {
        Matcher m = DURATION.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration: write a whole number and a unit, "
                    + "500ms, 30s, 2m, 1h, 7d");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2);
        if (unit == null) {
            if (n == 0) {
                return 0;
            }
            throw new IllegalArgumentException("'" + text + "' has no unit: write " + n + "s, " + n + "m, ...");
        }
        return switch (unit) {
            case "ms" -> n;
            case "s" -> n * 1000;
            case "m", "min" -> n * 60_000;
            case "h" -> n * 3_600_000;
            default -> n * 86_400_000;
        };
    }

    /** {@code 30 s}, {@code 2 min}, {@code 1 h 30 min}: for messages. */
    static String format(long ms) {
        if (ms < 1000) {
            return ms + " ms";
        }
        long s = ms / 1000;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
        }
        if (s < 172_800) {
            return (s / 3600) + " h" + (s % 3600 / 60 == 0 ? "" : " " + (s % 3600 / 60) + " min");
        }
        return (s / 86400) + " d" + (s % 86400 / 3600 == 0 ? "" : " " + (s % 86400 / 3600) + " h");
    }
}
