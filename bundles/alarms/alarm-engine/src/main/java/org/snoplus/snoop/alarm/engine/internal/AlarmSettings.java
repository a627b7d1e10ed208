package org.snoplus.snoop.alarm.engine.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

import org.snoplus.snoop.alarm.Severity;

/** {@link AlarmConfig} checked value by value; a bad value is refused with its key and the reason. */
record AlarmSettings(Path rulesDir, Path referencesDir, boolean framework, FrameworkChecks.Settings checks,
        EngineSettings engine, NotifierChannel.Settings notifications) {

    /**
     * @param properties the framework's properties ({@code snoop.conf}, {@code snoop.data})
     * @throws IllegalArgumentException "KEY: REASON"
     */
    static AlarmSettings from(AlarmConfig c, UnaryOperator<String> properties) {
        String conf = properties.apply("snoop.conf");
        String data = properties.apply("snoop.data");
        Path rules = path("rules.dir", c.rules_dir(), conf == null ? null : conf + "/alarms");
        Path refs = path("references.dir", c.references_dir(), data == null ? null : data + "/references");
        Path disk = path("disk.path", c.disk_path(), data);
        positive("heartbeat.periods", c.heartbeat_periods());
        positive("reader.idle.periods", c.reader_idle_periods());
        percent("backlog.percent", c.backlog_percent());
        percent("writer.queue.percent", c.writer_queue_percent());
        percent("disk.warning.percent", c.disk_warning_percent());
        percent("disk.alarm.percent", c.disk_alarm_percent());
        if (c.disk_alarm_percent() > c.disk_warning_percent()) {
            throw new IllegalArgumentException("disk.alarm.percent: " + c.disk_alarm_percent()
                    + " is above disk.warning.percent " + c.disk_warning_percent());
        }
        Severity severity;
        try {
            severity = Severity.parse(c.notify_severity());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("notify.severity: " + e.getMessage());
        }
        notNegative("notify.group.s", c.notify_group_s());
        notNegative("notify.interval.s", c.notify_interval_s());
        positive("notify.queue", c.notify_queue());
        positive("max.active", c.max_active());
        positive("max.silences", c.max_silences());
        positive("max.silence.h", c.max_silence_h());
        return new AlarmSettings(rules, refs, c.framework(),
                new FrameworkChecks.Settings(c.heartbeat_periods(), c.reader_idle_periods(), c.backlog_percent(),
                        c.writer_queue_percent(), disk, c.disk_warning_percent(), c.disk_alarm_percent()),
                new EngineSettings(severity, c.max_active(), c.max_silences(), c.max_silence_h() * 3_600_000L, 1000, 1000),
                new NotifierChannel.Settings(c.notify_group_s() * 1000L, c.notify_interval_s() * 1000L, c.notify_queue()));
    }

    private static Path path(String key, String value, String fallback) {
        String v = value == null || value.isBlank() ? fallback : value.strip();
        if (v == null) {
            return null;
        }
        try {
            return Path.of(v).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException(key + ": '" + v + "' is not a path: " + e.getMessage());
        }
    }

    private static void positive(String key, int v) {
        if (v < 1) {
            throw new IllegalArgumentException(key + ": must be at least 1, not " + v);
        }
    }

    private static void notNegative(String key, int v) {
        if (v < 0) {
            throw new IllegalArgumentException(key + ": must not be negative, not " + v);
        }
    }

    private static void percent(String key, int v) {
        if (v < 0 || v > 100) {
            throw new IllegalArgumentException(key + ": is a percentage, from 0 to 100, not " + v);
        }
    }
}
