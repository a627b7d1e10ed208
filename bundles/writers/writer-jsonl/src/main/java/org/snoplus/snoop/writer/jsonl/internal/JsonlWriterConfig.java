package org.snoplus.snoop.writer.jsonl.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop jsonl writer", description = "Appends every sample document to a file, one JSON "
        + "object per line; full files are rotated, compressed and, after keep.days, deleted. Factory PID "
        + "snoop.writer.jsonl: conf/snoop.writer.jsonl-NAME.cfg makes a writer named NAME.")
@interface JsonlWriterConfig {

    @AttributeDefinition(name = "path", description = "The file to append to; missing directories are created. "
            + "Relative paths are relative to the working directory.")
    String path();

    @AttributeDefinition(name = "rotate.mb", description = "When the file reaches this size in MiB it is renamed to "
            + "PATH.yyyyMMdd-HHmmss (UTC), compressed in the background, and a new file is started; 0 never rotates "
            + "(the file then grows without bound).")
    long rotate_mb() default 64;

    @AttributeDefinition(name = "compress", description = "How rotated files are compressed: xz (PATH.STAMP.xz, the "
            + "smallest: a third of gzip's size for documents), gzip (.gz) or none.")
    String compress() default "xz";

    @AttributeDefinition(name = "keep.days", description = "Rotated files older than this many days are deleted "
            + "(checked at each rotation and hourly); 0 keeps them for ever.")
    long keep_days() default 7;
}
