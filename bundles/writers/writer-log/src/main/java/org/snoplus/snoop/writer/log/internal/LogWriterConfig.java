package org.snoplus.snoop.writer.log.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "snoop log writer", description = "Prints sample documents to standard output, at most "
        + "one line per processor every every.s seconds. PID snoop.writer.log: present a conf/snoop.writer.log.cfg to "
        + "turn it on.")
@interface LogWriterConfig {

    @AttributeDefinition(name = "format", description = "summary: one short line per document (time, name, seq, "
            + "events and the data's top-level values); json: the whole document as one JSON line.",
            options = {@Option(label = "summary", value = "summary"), @Option(label = "json", value = "json")})
    String format() default "summary";

    @AttributeDefinition(name = "every.s", description = "At most one line per processor every this many seconds "
            + "(by the documents' sample times; each line says how many documents of that processor went by "
            + "unprinted); 0 prints every document. The default keeps the demo's standard output to some 4 MB a "
            + "day, where every document would be 60 MB (summary) or 3 GB (json).")
    long every_s() default 60;
}
