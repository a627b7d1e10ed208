package org.snoplus.snoop.processor.diskusage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor diskusage",
        description = "Size of directories and space left on their disks, every sample. PID diskusage "
                + "(conf/diskusage.cfg).")
@interface DiskUsageConfig {

    @AttributeDefinition(name = "paths", description = "Directories to measure; relative ones are relative to the "
            + "working directory of snoop. Each is walked in full on every sample, without following links "
            + "below it. Several values: a list in conf/diskusage.config, e.g. paths=[\"/data\",\"/var/log\"].")
    String[] paths() default {"."};

    @AttributeDefinition(name = "max.files", description = "Files counted per directory before the walk stops "
            + "and the directory is reported as \"truncated\" (bounds the time a sample takes).")
    int max_files() default 100_000;
}
