package org.snoplus.snoop.processor.dataflow.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor dataflow",
        description = "The newest file of each data directory: its name, size, age and growth rate, and how many "
                + "files were written recently. PID dataflow: conf/dataflow.cfg, or conf/dataflow.config for "
                + "several directories.")
@interface DataFlowConfig {

    @AttributeDefinition(name = "dirs", description = "Data directories to watch; relative ones are relative to "
            + "the working directory of snoop. None (the default) gives documents that say so. One directory: "
            + "dirs = /raid/data/l2 in conf/dataflow.cfg. Several: conf/dataflow.config (Config Admin's typed "
            + "format) with dirs=[\"/raid/data/l2\",\"/raid/data/l1\"] (and there recent.s=L\"60\", "
            + "recursive=B\"true\"; a .cfg value is one string and stays one directory).")
    String[] dirs() default {};

    @AttributeDefinition(name = "pattern", description = "Glob that the file names must match, e.g. *.zdab or "
            + "SNOP_*.zdab.gz; only the name is matched, not the directories above it.")
    String pattern() default "*";

    @AttributeDefinition(name = "recent.s", description = "A file modified within this many seconds of the sample "
            + "counts as recent.")
    long recent_s() default 600;

    @AttributeDefinition(name = "recursive", description = "Also look into subdirectories (without following "
            + "links). Off by default: a data directory is listed, not walked.")
    boolean recursive() default false;

    @AttributeDefinition(name = "max.files", description = "Directory entries looked at per directory and sample "
            + "before the scan stops and the directory is reported as \"truncated\" (bounds the time a sample "
            + "takes; the newest file is then the newest of those looked at).")
    int max_files() default 10_000;
}
