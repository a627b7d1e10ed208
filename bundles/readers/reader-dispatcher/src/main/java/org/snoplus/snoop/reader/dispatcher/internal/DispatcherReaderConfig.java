package org.snoplus.snoop.reader.dispatcher.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.snoplus.snoop.reader.support.ReaderConfig;

@ObjectClassDefinition(name = "snoop dispatcher reader", description = "Subscribes to a SNO+ dispatcher (ControlHost, TCP "
        + "port 5553): PMT events from RAWDATA, run, trigger and pedestal headers from RECHDR. Factory PID "
        + "snoop.reader.dispatcher: conf/snoop.reader.dispatcher-NAME.cfg makes a reader named NAME; one file per "
        + "dispatcher.")
@interface DispatcherReaderConfig {

    @AttributeDefinition(name = "host", description = "The dispatcher's host.")
    String host() default "127.0.0.1";

    @AttributeDefinition(name = "port", description = "The dispatcher's TCP port.")
    int port() default 5553;

    @AttributeDefinition(name = "subscription", description = "What to ask for: tags, each after w (frames may be "
            + "skipped by the dispatcher while this reader is busy: the DAQ never waits for snoop) or a (every frame; "
            + "the dispatcher keeps them for this reader).")
    String subscription() default "w RAWDATA w RECHDR";

    @AttributeDefinition(name = "id", description = "The name this reader gives the dispatcher (MyId).")
    String id() default "SNOOP";

    @AttributeDefinition(name = "max.message.kb", description = "A frame above this is read past and counted as "
            + "malformed (a SNO+ event of every channel hit is 117 kB).")
    int max_message_kb() default 1024;

    @AttributeDefinition(name = "idle.s", description = "After this long without a frame, a keep-alive frame (tag "
            + "SNOOPPNG, which this reader subscribes to) is sent through the dispatcher.")
    int idle_s() default 10;

    @AttributeDefinition(name = "dead.s", description = "After this long without a frame (the keep-alive did not "
            + "come back either), the connection is given up and made again.")
    int dead_s() default 30;

    @AttributeDefinition(name = "reconnect.ms", description = "First wait before connecting again.")
    int reconnect_ms() default 250;

    @AttributeDefinition(name = "reconnect.max.ms", description = "The wait doubles after each failed attempt, up "
            + "to this.")
    int reconnect_max_ms() default 10_000;

    @AttributeDefinition(name = "batch", description = ReaderConfig.BATCH)
    int batch() default 256;
}
