package org.snoplus.snoop.processor.occupancy.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor occupancy",
        description = "Hits per event of every channel, card and crate, over the sample window and the run; "
                + "zero-, low- and high-occupancy tubes. PID occupancy (conf/occupancy.cfg).")
@interface OccupancyConfig {

    @AttributeDefinition(name = "triggers", description = "Trigger bits that make an event count: an event counts "
            + "when its trigger word has at least one of them (and none of veto). Names as TriggerBits gives them "
            + "(100L, 100M, 100H, 20, 20LB, ESUML, ESUMH, OWLN, OWLEL, OWLEH, PULGT, PRESCL, PED, PONG, SYNC, EXTA, "
            + "EXT2..EXT8, SRAW, NCD, SOFGT, MISS), ALL for every bit, -NAME to take one out; comma-separated. "
            + "Orphans (trigger word 0) never count.")
    String[] triggers() default {"ALL,-PED,-PULGT"};

    @AttributeDefinition(name = "veto", description = "Trigger bits that keep an event out even when it has one of "
            + "triggers: by default pedestal and pulser events, whose hits are forced or random, also when an NHIT "
            + "bit fired with them. Same syntax as triggers; empty for none.")
    String[] veto() default {"PED,PULGT"};

    @AttributeDefinition(name = "low.threshold", description = "A PMT channel with hits but an occupancy "
            + "(hits/events) below this is counted as low (0 <= low.threshold < high.threshold <= 1).")
    double low_threshold() default 0.0005;

    @AttributeDefinition(name = "high.threshold", description = "A PMT channel with an occupancy above this is "
            + "counted as high (hot).")
    double high_threshold() default 0.05;

    @AttributeDefinition(name = "min.events", description = "Counted events a horizon (window or run) needs before "
            + "its zero/low/high counts are judged; with fewer they are reported as null (at least 1).")
    long min_events() default 1000;
}
