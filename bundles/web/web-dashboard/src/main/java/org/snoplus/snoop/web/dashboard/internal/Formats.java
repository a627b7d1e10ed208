package org.snoplus.snoop.web.dashboard.internal;

import java.util.regex.Pattern;

/**
 * How a number is written on the page ({@code format=}); the page's script applies it.
 *
 * <pre>
 * format := [","] ["." DIGITS] ("f" | "e" | "g" | "%")    .1f  1015.9   .3e 1.016e+3   .3g 1.02e+3
 *         | [","] "d"                                     ,d   12,345   (whole number, thousands grouped)
 *         | "bytes"                                       1.2 GB
 *         | "time"                                        2026-12-05 07:17:57 UTC (a time in ms)
 *         | "age"                                         12 s ago (a time in ms)
 *         | "duration"                                    1 h 02 min (seconds)
 * </pre>
 * Without {@code format} a number shows four significant digits, whole numbers all their digits.
 */
final class Formats {

    private static final Pattern NUMBER = Pattern.compile(",?(?:\\.\\d)?[feg%]|,?d|bytes|time|age|duration");

    private Formats() {
    }

    static String check(String text) throws TagException {
        if (!NUMBER.matcher(text).matches()) {
            throw new TagException("format=" + text + " is not a format", "use .1f (1 decimal), .3e (exponent), "
                    + ".3g (significant digits), .1% (percent), d or ,d (whole number), bytes, time, age or "
                    + "duration");
        }
        return text;
    }
}
