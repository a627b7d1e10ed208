package org.snoplus.snoop.processor.charge.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor charge",
        description = "QHS, QHL, QLX and TAC spectra and per-crate means; pedestals per channel and CMOS cell from "
                + "pedestal (PED) events; pedestal-subtracted charge spectra. PID charge (conf/charge.cfg).")
@interface ChargeConfig {

    @AttributeDefinition(name = "triggers", description = "Trigger bits of the events whose hits fill the spectra: an "
            + "event fills them when its trigger word has at least one of them and none of veto. Names as "
            + "TriggerBits gives them, ALL for every bit, -NAME to take one out; comma-separated. Orphans (trigger "
            + "word 0) never do. Pedestal tables are filled from every PED event whatever this says.")
    String[] triggers() default {"ALL"};

    @AttributeDefinition(name = "veto", description = "Trigger bits that keep an event out of the spectra. PED by "
            + "default: pedestal hits feed the pedestal tables instead. Pedestal-subtracted spectra never take hits "
            + "of PED events, whatever this says. Empty for none.")
    String[] veto() default {"PED"};

    @AttributeDefinition(name = "adc.bins", description = "Bins of the QHS, QHL, QLX and TAC spectra over the ADC "
            + "range 0..4096 (1 to 4096).")
    int adc_bins() default 512;

    @AttributeDefinition(name = "subtracted.bins", description = "Bins of the pedestal-subtracted spectra "
            + "(1 to 100000).")
    int subtracted_bins() default 250;

    @AttributeDefinition(name = "subtracted.min", description = "Lower edge of the pedestal-subtracted spectra, ADC "
            + "counts above pedestal.")
    double subtracted_min() default -100;

    @AttributeDefinition(name = "subtracted.max", description = "Upper edge of the pedestal-subtracted spectra, ADC "
            + "counts above pedestal (above subtracted.min).")
    double subtracted_max() default 400;

    @AttributeDefinition(name = "pedestal.min", description = "Pedestal hits a channel's CMOS cell needs before its "
            + "mean is used to subtract (at least 1).")
    int pedestal_min() default 10;
}
