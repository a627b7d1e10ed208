package org.snoplus.snoop.web.dashboard.internal;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times and ranges in tags, in the REST API's grammar (the page hands them to the API as written):
 * ms since the epoch, ISO-8601, {@code now}, or relative to now ({@code -1h}, {@code -30m},
 * {@code -7d}; units ms, s, m, h, d, w). A {@code range} is how far back from now: {@code -1h} or
 * {@code 1h}.
 */
final class Times {

    static final String GRAMMAR = "a duration back from now (-1h, -30m, -7d; units s, m, h, d, w), ms since "
            + "the epoch, an ISO-8601 time (2026-12-01T20:00:00Z) or now";

    private static final Pattern RELATIVE = Pattern.compile("(?:now)?-(\\d{1,9})(ms|s|m|h|d|w)");
    private static final Pattern DURATION = Pattern.compile("-?(\\d{1,9})(ms|s|m|h|d|w)");
    private static final Pattern MILLIS = Pattern.compile("\\d{1,15}");
    /** Ranges longer than this are refused: ten years. */
    static final long MAX_RANGE_MS = 3650L * 86_400_000L;

    private Times() {
    }

    /** The length of a {@code range} argument, in ms. */
    static long range(String key, String text) throws TagException {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new TagException(key + "=" + text + " is not a duration", key + " takes how far back from now: "
                    + key + "=-1h, " + key + "=-30m, " + key + "=-7d (units s, m, h, d, w)");
        }
        long ms = Long.parseLong(m.group(1)) * unit(m.group(2));
        if (ms <= 0 || ms > MAX_RANGE_MS) {
            throw new TagException(key + "=" + text + " is " + (ms <= 0 ? "empty" : "longer than ten years"),
                    "give a duration from 1s to 3650d");
        }
        return ms;
    }

    /**
     * Checks a {@code from} or {@code to} argument.
     *
     * @return the time in ms when it is absolute, or {@code -(ms back from now)} - 1 when it is
     *         relative (so that {@code now} is -1)
     */
    static long time(String key, String text) throws TagException {
        String t = text.trim();
        if (t.equals("now")) {
            return -1;
        }
        Matcher rel = RELATIVE.matcher(t);
        if (rel.matches()) {
            return -Long.parseLong(rel.group(1)) * unit(rel.group(2)) - 1;
        }
        if (MILLIS.matcher(t).matches()) {
            return Long.parseLong(t);
        }
        Long iso = iso(t);
        if (iso == null) {
            throw new TagException(key + "=" + text + " is not a time", key + " takes " + GRAMMAR);
        }
        return iso;
    }

    private static long unit(String unit) {
        switch (unit) {
            case "ms":
                return 1;
            case "s":
                return 1000;
            case "m":
                return 60_000;
            case "h":
                return 3_600_000;
            case "d":
                return 86_400_000;
            default:
                return 7 * 86_400_000L;
        }
    }

    private static Long iso(String t) {
        try {
            return OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // not with an offset: try without
        }
        try {
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            // not a date and time: try a date
        }
        try {
            return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            return null;
        }
    }
}
