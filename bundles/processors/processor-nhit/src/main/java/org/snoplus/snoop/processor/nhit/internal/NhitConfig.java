package org.snoplus.snoop.processor.nhit.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor nhit",
        description = "NHIT of the PMT channels (the FEC/D card, crate 17 card 15, left out) per sample window and "
                + "per run: mean, RMS, events below and at or above a threshold, a histogram; also per trigger bit. "
                + "PID nhit (conf/nhit.cfg).")
@interface NhitConfig {

    @AttributeDefinition(name = "nhit.threshold", description = "Events with NHIT below it are counted in "
            + "\"below\", the others in \"above\" (1 to " + NhitMonitor.MAX_NHIT + ").")
    int nhit_threshold() default 30;

    @AttributeDefinition(name = "hist.bins", description = "Bins of the NHIT histograms, between 0 and hist.max "
            + "(1 to " + NhitMonitor.MAX_BINS + "). hist.max must be a multiple of it, so that every bin holds the "
            + "same number of NHIT values. Changing it starts the histograms again; the other values go on.")
    int hist_bins() default 100;

    @AttributeDefinition(name = "hist.max", description = "Upper edge of the NHIT histograms (the lower is 0); "
            + "NHIT at or above it is overflow (1 to " + NhitMonitor.MAX_NHIT + "). Changing it starts the "
            + "histograms again; the other values go on.")
    int hist_max() default 500;

    @AttributeDefinition(name = "per.trigger", description = "Trigger bits (names as 100L, 100M, 20, ESUMH, PULGT, "
            + "PED...) to give their own NHIT values and histograms, in \"per_trigger\"; comma-separated. An event "
            + "counts for each of its bits. Empty: none.")
    String[] per_trigger() default {"100L", "100M", "20", "ESUMH", "PULGT", "PED"};
}
