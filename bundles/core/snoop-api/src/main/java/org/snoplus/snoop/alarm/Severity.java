package org.snoplus.snoop.alarm;

import java.util.Locale;

/** How bad an alarm is, in increasing order. */
public enum Severity {
    /** Worth knowing; nobody needs to act. */
    INFO,
    /** Look at it soon. */
    WARNING,
    /** Act now: the data may be bad or being lost. */
    ALARM;

    /** The lower-case name, as written in rule files and JSON. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The severity named {@code text} ({@code info}, {@code warning}, {@code alarm}, any case).
     *
     * @throws IllegalArgumentException naming the values allowed
     */
    public static Severity parse(String text) {
        if (text != null) {
            for (Severity s : values()) {
                if (s.name().equalsIgnoreCase(text.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("'" + text + "' is not a severity: info, warning or alarm");
    }
}
