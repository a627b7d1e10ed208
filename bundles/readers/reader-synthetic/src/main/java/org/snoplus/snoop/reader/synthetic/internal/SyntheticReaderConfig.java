package org.snoplus.snoop.reader.synthetic.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop synthetic SNO+ detector", description = "A simulated SNO+ detector, "
        + "deterministic given its seed: run and subrun headers, then PMT events with realistic triggers, NHIT, "
        + "channels, charges, times and faults. Factory PID snoop.reader.synthetic: "
        + "conf/snoop.reader.synthetic-NAME.cfg makes a reader named NAME.")
@interface SyntheticReaderConfig {

    @AttributeDefinition(name = "rate", description = "Trigger rate (Hz) to publish at and that the clocks show; "
            + "0 publishes as fast as the event loop takes events, with clocks as at 1 kHz.")
    double rate() default 1000;

    @AttributeDefinition(name = "seed", description = "Seed of everything random: the same seed gives the same "
            + "detector (dead and hot channels, pedestals) and the same events.")
    long seed() default 1;

    @AttributeDefinition(name = "run", description = "Run number.")
    int run() default 300000;

    @AttributeDefinition(name = "subrun.events", description = "Events in a subrun; each subrun starts with a run "
            + "header. 0: one subrun.")
    int subrun_events() default 60000;

    @AttributeDefinition(name = "run.subruns", description = "Subruns in a run, after which the run number goes up "
            + "by one. 0: one run.")
    int run_subruns() default 0;

    @AttributeDefinition(name = "events", description = "Events to publish, then stop; 0: forever.")
    long events() default 0;

    @AttributeDefinition(name = "mix", description = "Relative weights of the kinds of event: physics, muon, pulser, "
            + "ped, owl, orphan. Kinds not named weigh 0.")
    String mix() default "physics=0.93,muon=0.0002,pulser=0.02,ped=0.02,owl=0.01,orphan=0.02";

    @AttributeDefinition(name = "prescale", description = "Every prescale-th trigger above the N100L threshold also "
            + "has the PRESCL bit; 0: none.")
    int prescale() default 100;

    @AttributeDefinition(name = "gtid", description = "GTID of the first trigger (0..16777215); -1: drawn from the "
            + "seed.")
    int gtid() default -1;

    @AttributeDefinition(name = "dead.channels", description = "How many PMT channels never see a hit (one whole "
            + "card for every 200, the rest scattered), chosen by the seed.")
    int dead_channels() default 400;

    @AttributeDefinition(name = "hot.channels", description = "How many channels are hit in 30-80% of the events, "
            + "chosen by the seed.")
    int hot_channels() default 4;

    @AttributeDefinition(name = "gtid.skip", description = "Probability that a trigger's GTID skips (1 to 16 GTIDs "
            + "missing).")
    double gtid_skip() default 1e-4;

    @AttributeDefinition(name = "clock.glitch", description = "Probability per trigger that the 10 MHz or the "
            + "50 MHz clock (one of them) jumps forward.")
    double clock_glitch() default 1e-5;

    @AttributeDefinition(name = "hit.cgt.es16", description = "Probability per hit of the CGT ES16 flag.")
    double hit_cgt_es16() default 1e-6;

    @AttributeDefinition(name = "hit.cgt.es24", description = "Probability per hit of the CGT ES24 flag.")
    double hit_cgt_es24() default 1e-7;

    @AttributeDefinition(name = "hit.cmos.es16", description = "Probability per hit of the CMOS ES16 flag.")
    double hit_cmos_es16() default 1e-6;

    @AttributeDefinition(name = "hit.missed", description = "Probability per hit of the missed-count flag.")
    double hit_missed() default 1e-6;

    @AttributeDefinition(name = "hit.lgi.select", description = "Probability per hit of the LGI select flag.")
    double hit_lgi_select() default 1e-5;

    @AttributeDefinition(name = "batch", description = "Most events handed to the event loop in one step. "
            + "Smaller batches are used at low rates (10 ms of events), so that events are not held back.")
    int batch() default 256;
}
