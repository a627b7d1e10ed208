package org.snoplus.snoop.processor.host.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "snoop processor host",
        description = "Memory, CPU, threads, garbage collection and system load of the snoop process, every sample. "
                + "PID host (conf/host.cfg).")
@interface HostConfig {

    @AttributeDefinition(name = "detail", description = "summary: the totals; full: also each memory pool (used, "
            + "committed, max) and each garbage collector (collections and ms in the window).",
            options = {@Option(label = "summary", value = HostUsage.SUMMARY),
                @Option(label = "full", value = HostUsage.FULL)})
    String detail() default HostUsage.SUMMARY;
}
