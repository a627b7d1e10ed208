package org.snoplus.snoop.processor.triggers.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor triggers",
        description = "Count, rate, fraction of events and NHIT of each of the 27 trigger bits, per sample window "
                + "and per run, and ratios of trigger counts. PID triggers (conf/triggers.cfg).")
@interface TriggersConfig {

    @AttributeDefinition(name = "ratios", description = "Ratios of trigger counts to report, each "
            + "NUMERATOR/DENOMINATOR in trigger bit names (100L, 100M, ESUMH, PULGT...), separated by commas: "
            + "\"ratio_100M_PULGT\" in the document is count(100M) / count(PULGT), over the window and over the run "
            + "(\"_run\"), null while the denominator's count is 0. Empty: no ratios.")
    String[] ratios() default {"100M/PULGT", "ESUMH/PULGT"};
}
