package org.snoplus.snoop.reader.zdab.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.snoplus.snoop.reader.support.ReaderConfig;

@ObjectClassDefinition(name = "snoop ZDAB reader", description = "Replays SNO/SNO+ ZDAB files: PMT events and the "
        + "run, trigger and pedestal headers, in file order. Factory PID snoop.reader.zdab: "
        + "conf/snoop.reader.zdab-NAME.cfg makes a reader named NAME.")
@interface ZdabReaderConfig {

    @AttributeDefinition(name = "file", description = "The file to read, or a glob over file names such as "
            + "data/SNOP_*.zdab* (files are read in name order). Relative paths are relative to the working "
            + "directory. Files compressed with gzip (.zdab.gz) are read as such.")
    String file();

    @AttributeDefinition(name = "rate", description = ReaderConfig.RATE)
    double rate() default 0;

    @AttributeDefinition(name = "loop", description = ReaderConfig.LOOP)
    boolean loop() default false;

    @AttributeDefinition(name = "follow", description = "Keep reading the last file as it grows (a run being "
            + "written) until it is complete or a later file appears, then go on with later files as they appear. "
            + "Not with loop; compressed files are not followed.")
    boolean follow() default false;

    @AttributeDefinition(name = "batch", description = ReaderConfig.BATCH)
    int batch() default 256;
}
