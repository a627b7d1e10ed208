package org.snoplus.snoop.alarm.engine.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** {@code conf/snoop.alarms.cfg}: where the rules and references are, the framework's thresholds, notifications. */
@ObjectClassDefinition(name = "snoop alarms", description = "Alarm rules, the framework's own alarms, notifications.")
@interface AlarmConfig {

    @AttributeDefinition(name = "rules.dir", description = "Directory of the rule files (*.rules), watched. Empty: "
            + "conf/alarms of the instance.")
    String rules_dir() default "";

    @AttributeDefinition(name = "references.dir", description = "Directory of the reference histograms. Empty: "
            + "references/ of the data directory.")
    String references_dir() default "";

    @AttributeDefinition(name = "framework", description = "Raise the framework's own alarms (processors, readers, "
            + "writers, heartbeats, disk).")
    boolean framework() default true;

    @AttributeDefinition(name = "heartbeat.periods", description = "Sample periods without a sample before a "
            + "processor's heartbeat alarm.", min = "1")
    int heartbeat_periods() default 3;

    @AttributeDefinition(name = "reader.idle.periods", description = "Sample periods without an event from a reading "
            + "reader before its alarm.", min = "1")
    int reader_idle_periods() default 5;

    @AttributeDefinition(name = "backlog.percent", description = "How full the loop's buffer may be before the "
            + "backlog alarm.", min = "1", max = "100")
    int backlog_percent() default 50;

    @AttributeDefinition(name = "writer.queue.percent", description = "How full a writer's queue may be before its "
            + "alarm.", min = "1", max = "100")
    int writer_queue_percent() default 50;

    @AttributeDefinition(name = "disk.path", description = "The directory whose disk is watched. Empty: the data "
            + "directory.")
    String disk_path() default "";

    @AttributeDefinition(name = "disk.warning.percent", description = "Free space below which the disk warns.",
            min = "0", max = "100")
    int disk_warning_percent() default 10;

    @AttributeDefinition(name = "disk.alarm.percent", description = "Free space below which the disk alarms.",
            min = "0", max = "100")
    int disk_alarm_percent() default 3;

    @AttributeDefinition(name = "notify.severity", description = "Changes of this severity or worse are notified.",
            options = {@Option(value = "info"), @Option(value = "warning"), @Option(value = "alarm")})
    String notify_severity() default "warning";

    @AttributeDefinition(name = "notify.group.s", description = "A change waits this long for others to go in the "
            + "same notification.", min = "0")
    int notify_group_s() default 10;

    @AttributeDefinition(name = "notify.interval.s", description = "At most one notification per notifier this often.",
            min = "0")
    int notify_interval_s() default 60;

    @AttributeDefinition(name = "notify.queue", description = "Changes waiting per notifier; the oldest beyond are "
            + "dropped and counted.", min = "1")
    int notify_queue() default 1000;

    @AttributeDefinition(name = "max.active", description = "Alarms active at once.", min = "1")
    int max_active() default 1000;

    @AttributeDefinition(name = "max.silences", description = "Silences at once.", min = "1")
    int max_silences() default 100;

    @AttributeDefinition(name = "max.silence.h", description = "The longest silence, hours.", min = "1")
    int max_silence_h() default 168;
}
