package org.snoplus.snoop.alarm;

/**
 * A rule in force, as {@code snoop:rules} and the REST API show it.
 *
 * @param name the rule's name (the name of its alarm)
 * @param file the rule file that defines it
 * @param field the field it watches ({@code PROCESSOR.PATH})
 * @param condition its condition as written ({@code above 60 (clears below 55) for 30 s})
 * @param severity the severity of its alarm
 * @param state {@code ok}, {@code pending} (its condition holds, not yet for long enough),
 *        {@code firing}, {@code acknowledged}, or {@code no data}
 * @param value the last value it saw (null before any)
 * @param time when it saw it, ms since the epoch (0 before any)
 * @param problem why the last value could not be judged (a field missing, not a number), or null
 */
public record RuleInfo(String name, String file, String field, String condition, Severity severity, String state,
        Object value, long time, String problem) {
}
