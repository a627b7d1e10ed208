package org.snoplus.snoop.web.api.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snoplus.snoop.query.Cut;

/**
 * The grammar of the API's parameters. Every method names the parameter in what it throws, so
 * that the client is told which one to fix.
 *
 * <pre>
 * time   := MILLIS                      ms since the epoch: 1764362400000
 *         | ISO-8601                    2025-11-28T20:40:00Z, 2025-11-28T21:40:00+01:00,
 *                                       2025-11-28T20:40:00 and 2025-11-28 (both UTC)
 *         | "now" | ["now"] "-" N UNIT   relative to the time of the request: -1h, -24h, now-90s
 * UNIT   := ms | s | m | h | d | w
 * cut    := PROC "." FIELD "=" value     FIELD a dotted path
 * value  := '"' TEXT '"'                 text, compared as text
 *         | [NUMBER] ".." [NUMBER]       inclusive range, either side may be empty (not both)
 *         | NUMBER                       compared as a number (3 equals 3.0)
 *         | "true" | "false"             a boolean
 *         | TEXT                         anything else: compared as text
 * fields := FIELD ("," FIELD)*
 * </pre>
 */
final class Params {

    private static final Pattern RELATIVE = Pattern.compile("(?:now)?-(\\d{1,12})(ms|s|m|h|d|w)");
    private static final Pattern MILLIS = Pattern.compile("\\d{1,18}");
    private static final Pattern NUMBER = Pattern.compile("-?(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("-?\\d{1,18}");
    /** The longest dotted path, in characters, and in segments: no document is deeper. */
    static final int MAX_PATH = 512;
    static final int MAX_SEGMENTS = 32;
    /** Most fields and cuts in one question. */
    static final int MAX_FIELDS = 64;
    static final int MAX_CUTS = 16;

    static final String TIME_GRAMMAR = "ms since the epoch (1764362400000), ISO-8601 (2025-11-28T20:40:00Z) "
            + "or relative to now (now, -1h, -30m, -7d; units ms, s, m, h, d, w)";

    private Params() {
    }

    /**
     * A point in time, ms since the epoch.
     *
     * @param now the time of the request, the origin of relative times
     */
    static long time(String parameter, String text, long now) throws BadParameter {
        String t = text.trim();
        if (t.equals("now")) {
            return now;
        }
        Matcher rel = RELATIVE.matcher(t);
        if (rel.matches()) {
            try {
                return Math.subtractExact(now, Math.multiplyExact(Long.parseLong(rel.group(1)), unit(rel.group(2))));
            } catch (ArithmeticException e) {
                throw new BadParameter(parameter, parameter + " reaches too far back: '" + shorten(text) + "'");
            }
        }
        if (MILLIS.matcher(t).matches()) {
            return Long.parseLong(t);
        }
        Long iso = iso(t);
        if (iso == null && t.indexOf(' ') > 0) {
            // an offset's '+' that was not URL-encoded arrives as a space
            iso = iso(t.replace(' ', '+'));
        }
        if (iso == null) {
            throw new BadParameter(parameter, parameter + " must be " + TIME_GRAMMAR + ", not '" + shorten(text) + "'");
        }
        return iso;
    }

    private static long unit(String unit) {
        switch (unit) {
            case "ms":
                return 1;
            case "s":
                return TimeUnit.SECONDS.toMillis(1);
            case "m":
                return TimeUnit.MINUTES.toMillis(1);
            case "h":
                return TimeUnit.HOURS.toMillis(1);
            case "d":
                return TimeUnit.DAYS.toMillis(1);
            default:
                return TimeUnit.DAYS.toMillis(7);
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

    /** A time range {@code [from, to)}. */
    record Range(long from, long to) {
    }

    /**
     * The range of {@code from} and {@code to} (either may be null): {@code to} defaults to now,
     * {@code from} to an hour before {@code to}.
     */
    static Range range(String from, String to, long now) throws BadParameter {
        long end = to == null ? now : time("to", to, now);
        long start = from == null ? end - TimeUnit.HOURS.toMillis(1) : time("from", from, now);
        if (start > end) {
            throw new BadParameter("from", "from (" + Instant.ofEpochMilli(start) + ") is after to ("
                    + Instant.ofEpochMilli(end) + ")");
        }
        return new Range(start, end);
    }

    /**
     * woodstock's range: {@code start..end} (each a {@link #time}, either may be empty: from the
     * epoch, up to now) or the last {@code hour}, {@code day}, {@code week}, {@code month} (30
     * days), {@code year} (365 days) up to now, or {@code all}.
     */
    static Range woodstockRange(String text, long now) throws BadParameter {
        switch (text) {
            case "hour":
                return new Range(now - TimeUnit.HOURS.toMillis(1), now);
            case "day":
                return new Range(now - TimeUnit.DAYS.toMillis(1), now);
            case "week":
                return new Range(now - TimeUnit.DAYS.toMillis(7), now);
            case "month":
                return new Range(now - TimeUnit.DAYS.toMillis(30), now);
            case "year":
                return new Range(now - TimeUnit.DAYS.toMillis(365), now);
            case "all":
                return new Range(0, now);
            default:
                break;
        }
        int dots = text.indexOf("..");
        if (dots < 0) {
            throw new BadParameter("range", "range must be START..END (ms since the epoch, ISO-8601 or relative) "
                    + "or one of hour, day, week, month, year, all; not '" + shorten(text) + "'");
        }
        String a = text.substring(0, dots);
        String b = text.substring(dots + 2);
        long start = a.isEmpty() ? 0 : time("range", a, now);
        long end = b.isEmpty() ? now : time("range", b, now);
        if (start > end) {
            throw new BadParameter("range", "range starts (" + Instant.ofEpochMilli(start) + ") after it ends ("
                    + Instant.ofEpochMilli(end) + ")");
        }
        return new Range(start, end);
    }

    /** A cut of the API: {@code PROC.FIELD=VALUE}, FIELD a dotted path into PROC's document. */
    static Cut cut(String parameter, String text) throws BadParameter {
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw new BadParameter(parameter, parameter + " must be PROCESSOR.FIELD=VALUE or PROCESSOR.FIELD=MIN..MAX, "
                    + "not '" + shorten(text) + "'");
        }
        String target = text.substring(0, eq).trim();
        int dot = target.indexOf('.');
        if (dot <= 0 || pathError(target.substring(dot + 1)) != null) {
            String why = dot <= 0 ? null : pathError(target.substring(dot + 1));
            throw new BadParameter(parameter, parameter + " must start with PROCESSOR.FIELD (a dotted path into "
                    + "the processor's document, e.g. rate.data.rate), not '" + shorten(target) + "'"
                    + (why == null ? "" : ": " + why));
        }
        return cut(parameter, target.substring(0, dot), target.substring(dot + 1), text.substring(eq + 1));
    }

    /** A cut on {@code field} of {@code processor}'s document, with the condition {@code value}. */
    static Cut cut(String parameter, String processor, String field, String value) throws BadParameter {
        String v = value.trim();
        if (v.isEmpty()) {
            throw new BadParameter(parameter, parameter + " has no value: " + processor + "." + field + "=?");
        }
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            return Cut.equal(processor, field, v.substring(1, v.length() - 1));
        }
        int dots = v.indexOf("..");
        if (dots >= 0) {
            String a = v.substring(0, dots).trim();
            String b = v.substring(dots + 2).trim();
            boolean numbers = (a.isEmpty() || NUMBER.matcher(a).matches()) && (b.isEmpty() || NUMBER.matcher(b).matches());
            if (numbers) {
                if (a.isEmpty() && b.isEmpty()) {
                    throw new BadParameter(parameter, parameter + " on " + processor + "." + field
                            + ": a range needs at least one bound (MIN.., ..MAX or MIN..MAX)");
                }
                Double min = a.isEmpty() ? null : Double.valueOf(a);
                Double max = b.isEmpty() ? null : Double.valueOf(b);
                if (min != null && max != null && min > max) {
                    throw new BadParameter(parameter, parameter + " on " + processor + "." + field + ": the range "
                            + v + " is empty (its minimum is above its maximum)");
                }
                return Cut.between(processor, field, min, max);
            }
        }
        return Cut.equal(processor, field, value(v));
    }

    /** A value to compare with: a number (Long when whole, else Double), a boolean or text. */
    static Object value(String v) {
        if (INTEGER.matcher(v).matches()) {
            return Long.valueOf(v);
        }
        if (NUMBER.matcher(v).matches()) {
            return Double.valueOf(v);
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        return v;
    }

    /** Fields, comma-separated (in one or several parameters), each a dotted path. */
    static List<String> fields(String parameter, List<String> values) throws BadParameter {
        List<String> fields = new ArrayList<>();
        for (String value : values) {
            for (String f : value.split(",", -1)) {
                String field = f.trim();
                String why = pathError(field);
                if (why != null) {
                    throw new BadParameter(parameter, parameter + " must be dotted paths separated by commas "
                            + "(data.rate,events), not '" + shorten(value) + "': " + why);
                }
                if (fields.size() == MAX_FIELDS) {
                    throw new BadParameter(parameter, parameter + " names more than " + MAX_FIELDS + " fields");
                }
                fields.add(field);
            }
        }
        return fields;
    }

    /** A dotted path into a document. */
    static String path(String parameter, String text) throws BadParameter {
        String why = pathError(text);
        if (why != null) {
            throw new BadParameter(parameter, parameter + " must be a dotted path (data.rate), not '" + shorten(text)
                    + "': " + why);
        }
        return text;
    }

    /**
     * What is wrong with a dotted path (segments of anything but dots, commas, '=' and white
     * space; at most {@value #MAX_PATH} characters and {@value #MAX_SEGMENTS} segments), or null.
     * Checked by hand, in one pass: a regular expression over thousands of segments recurses
     * as deep, and a client's path must not take the server's stack.
     */
    static String pathError(String text) {
        if (text.length() > MAX_PATH) {
            return "longer than " + MAX_PATH + " characters";
        }
        int segments = 1;
        int segmentLength = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (segmentLength == 0) {
                    return "an empty segment";
                }
                if (++segments > MAX_SEGMENTS) {
                    return "more than " + MAX_SEGMENTS + " segments";
                }
                segmentLength = 0;
            } else if (c == ',' || c == '=' || Character.isWhitespace(c)) {
                return "'" + c + "' is not allowed in a path";
            } else {
                segmentLength++;
            }
        }
        return segmentLength == 0 ? (text.isEmpty() ? "empty" : "an empty segment") : null;
    }

    /** Text of a client's parameter in a message: long ones cut short. */
    static String shorten(String text) {
        return text.length() <= 80 ? text : text.substring(0, 77) + "...";
    }

    /** A run number: a whole number from 0. */
    static long run(String parameter, String text) throws BadParameter {
        String t = text.trim();
        if (!MILLIS.matcher(t).matches()) {
            throw new BadParameter(parameter, parameter + " must be a run number (a whole number from 0), not '"
                    + shorten(text) + "'");
        }
        return Long.parseLong(t);
    }

    /** A whole number of at least 1; above {@code cap} it is {@code cap}. */
    static int positive(String parameter, String text, int cap) throws BadParameter {
        String t = text.trim();
        if (!INTEGER.matcher(t).matches() || t.startsWith("-") || Long.parseLong(t) < 1) {
            throw new BadParameter(parameter, parameter + " must be a whole number of at least 1, not '" + shorten(text) + "'");
        }
        return (int) Math.min(Long.parseLong(t), cap);
    }
}
