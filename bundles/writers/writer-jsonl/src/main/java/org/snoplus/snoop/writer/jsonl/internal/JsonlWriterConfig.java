package org.snoplus.snoop.writer.jsonl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop jsonl writer", description = "Appends every sample document to a file, one JSON "
        + "object per line. Factory PID snoop.writer.jsonl: conf/snoop.writer.jsonl~NAME.cfg makes a writer named NAME.")
@interface JsonlWriterConfig {

    @AttributeDefinition(name = "path", description = "The file to append to; missing directories are created. "
            + "Relative paths are relative to the working directory.")
    String path();

    @AttributeDefinition(name = "rotate.mb", description = "When the file reaches this size in MiB it is renamed to "
            + "PATH.yyyyMMdd-HHmmss (UTC) and a new file is started; 0 never rotates.")
    long rotate_mb() default 0;
}
