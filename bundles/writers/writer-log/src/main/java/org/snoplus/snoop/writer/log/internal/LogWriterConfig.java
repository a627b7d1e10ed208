package org.snoplus.snoop.writer.log.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

@ObjectClassDefinition(name = "snoop log writer", description = "Prints every sample document to standard output. "
        + "PID snoop.writer.log: present a conf/snoop.writer.log.cfg to turn it on.")
@interface LogWriterConfig {

    @AttributeDefinition(name = "format", description = "summary: one short line per document (time, name, seq, "
            + "events and the data's top-level values); json: the whole document as one JSON line.",
            options = {@Option(label = "summary", value = "summary"), @Option(label = "json", value = "json")})
    String format() default "summary";
}
