package org.snoplus.snoop.reader.zeromq.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.snoplus.snoop.reader.support.ReaderConfig;

@ObjectClassDefinition(name = "snoop ZeroMQ reader", description = "Subscribes to one or more ZeroMQ publishers (the "
        + "avalanche stream of the old snoop); each message is one record in the dispatcher's layout: a 12-byte "
        + "generic header, then a PMT event, run header, trigger or pedestal settings. Factory PID "
        + "snoop.reader.zeromq: conf/snoop.reader.zeromq-NAME.cfg makes a reader named NAME.")
@interface ZeromqReaderConfig {

    @AttributeDefinition(name = "endpoints", description = "The publishers, comma-separated: "
            + "tcp://daq1:5557, tcp://daq2:5557. Each is connected to and reconnected to by itself.")
    String endpoints();

    @AttributeDefinition(name = "subscribe", description = "Topic prefix: only messages whose first part starts "
            + "with it are received. Empty: every message.")
    String subscribe() default "";

    @AttributeDefinition(name = "hwm", description = "Messages ZeroMQ queues for this reader per publisher before "
            + "the publisher drops the newest (the high-water mark).")
    int hwm() default 10_000;

    @AttributeDefinition(name = "max.message.kb", description = "Largest message accepted, in kB; a publisher that "
            + "sends a larger one is disconnected by ZeroMQ and reconnected (a SNO+ event of every channel hit is "
            + "117 kB).")
    int max_message_kb() default 1024;

    @AttributeDefinition(name = "reconnect.ms", description = "First wait before reconnecting to a publisher that "
            + "went away or refused.")
    int reconnect_ms() default 100;

    @AttributeDefinition(name = "reconnect.max.ms", description = "The wait doubles after each failed attempt, up "
            + "to this.")
    int reconnect_max_ms() default 10_000;

    @AttributeDefinition(name = "heartbeat.ms", description = "ZMTP heartbeat interval: a publisher that does not "
            + "answer within three of them (a dead host, a pulled cable) is disconnected and reconnected to. 0: none.")
    int heartbeat_ms() default 5000;

    @AttributeDefinition(name = "handshake.ms", description = "A connection whose ZMTP handshake has not ended within "
            + "this is closed and made again (JeroMQ leaves a few in a hundred fresh connections without one).")
    int handshake_ms() default 2000;

    @AttributeDefinition(name = "batch", description = ReaderConfig.BATCH)
    int batch() default 256;
}
