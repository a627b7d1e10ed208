package org.snoplus.snoop.processor.rate.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor rate",
        description = "Event rate per sample window and its recent peak. PID rate (conf/rate.cfg).")
@interface RateConfig {

    @AttributeDefinition(name = "peak.samples", description = "How many past sample windows \"peak\" looks back "
            + "over, the current one included (1 to " + EventRate.MAX_PEAK_SAMPLES + "). With the default 5 s "
            + "sample period, 60 is the last five minutes.")
    int peak_samples() default 60;
}
