package org.snoplus.snoop.reader.ndjson.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.snoplus.snoop.reader.support.ReaderConfig;

@ObjectClassDefinition(name = "snoop ndjson reader", description = "Replays newline-delimited JSON files as events, "
        + "one JSON object per line. Factory PID snoop.reader.ndjson: conf/snoop.reader.ndjson~NAME.cfg makes a "
        + "reader named NAME.")
@interface NdjsonReaderConfig {

    @AttributeDefinition(name = "file", description = "The file to read, or a glob over file names such as "
            + "data/*.ndjson* (files are read in name order). Relative paths are relative to the working directory. "
            + "Files compressed with gzip are read as such.")
    String file();

    @AttributeDefinition(name = "rate", description = ReaderConfig.RATE)
    double rate() default 0;

    @AttributeDefinition(name = "loop", description = ReaderConfig.LOOP)
    boolean loop() default false;

    @AttributeDefinition(name = "batch", description = ReaderConfig.BATCH)
    int batch() default 256;
}
