package org.snoplus.snoop.reader.ndjson.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop ndjson reader", description = "Replays newline-delimited JSON files as events, "
        + "one JSON object per line. Factory PID snoop.reader.ndjson: conf/snoop.reader.ndjson~NAME.cfg makes a "
        + "reader named NAME.")
@interface NdjsonReaderConfig {

    @AttributeDefinition(name = "file", description = "The file to read, or a glob over file names such as "
            + "data/*.ndjson* (files are read in name order). Relative paths are relative to the working directory. "
            + "Files compressed with gzip are read as such.")
    String file();

    @AttributeDefinition(name = "rate", description = "Events per second to replay at; 0 reads as fast as the "
            + "event loop takes them.")
    double rate() default 0;

    @AttributeDefinition(name = "loop", description = "Start again at the first file after the last one (for demos).")
    boolean loop() default false;

    @AttributeDefinition(name = "batch", description = "Most events handed to the event loop in one step. "
            + "Smaller batches are used at low rates, so that events are not held back.")
    int batch() default 256;
}
