package org.snoplus.snoop.processor.count.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop processor count",
        description = "Counts events per sample window and in total. PID count (conf/count.cfg).")
@interface CountConfig {

    @AttributeDefinition(name = "abort.every", description = "Give up every N-th event with ProcessorAbort, "
            + "to exercise the abort policy (shown as aborts in snoop:status); 0 never does. Aborted events are "
            + "not counted.")
    long abort_every() default 0;
}
