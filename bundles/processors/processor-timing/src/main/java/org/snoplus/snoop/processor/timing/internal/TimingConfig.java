package org.snoplus.snoop.processor.timing.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor timing (Timing and CMOS)",
        description = "10 MHz against 50 MHz clock, clock drift, events closer than the lockout, GTID continuity, "
                + "CGT/CMOS sync errors and LGI select per crate, MTC/D error bits. PID timing (conf/timing.cfg).")
@interface TimingConfig {

    @AttributeDefinition(name = "clock.tolerance.ns", description = "Largest difference, in ns, between the time "
            + "from the previous event by the 50 MHz clock and by the 10 MHz clock that is not a disagreement "
            + "(>= 0). Tick rounding alone makes up to 120 ns (100 ns ticks of the 10 MHz clock, 20 ns of the 50 MHz "
            + "one), so a tolerance below that counts sound clocks too.")
    long clock_tolerance_ns() default 150;

    @AttributeDefinition(name = "close.ns", description = "Consecutive events less than this apart (ns, by the "
            + "50 MHz clock) are counted as close (>= 0; 0 counts none). The MTC/D lockout is about 420 ns.")
    long close_ns() default 410;

    @AttributeDefinition(name = "clock.diff.bins", description = "Bins of the histogram of the difference "
            + "(50 MHz minus 10 MHz time from the previous event), 1 to 100000.")
    int clock_diff_bins() default 100;

    @AttributeDefinition(name = "clock.diff.range.ns", description = "The histogram of the difference covers "
            + "[-range, +range) ns (> 0); beyond, under- and overflow.")
    double clock_diff_range_ns() default 1000;
}
