package org.snoplus.snoop.processor.runstats.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor runstats",
        description = "Run statistics: run, subrun, run type, last GTID, run duration, events and event rates, "
                + "orphans, OWL and neck events, dispatch rate. PID runstats (conf/runstats.cfg).")
@interface RunStatsConfig {

    @AttributeDefinition(name = "neck.channels", description = "The channels of the neck PMTs, which the data "
            + "does not name: logical channel numbers (512 crate + 32 card + channel) or crate/card/channel, "
            + "comma-separated, e.g. \"3/15/0, 3/15/1\" or \"1504,1505\". An event with a hit on one of them is a "
            + "neck event. Empty (the default): neck events are not counted and reported as null.")
    String[] neck_channels() default {};
}
