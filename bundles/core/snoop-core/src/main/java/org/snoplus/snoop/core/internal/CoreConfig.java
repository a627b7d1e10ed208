package org.snoplus.snoop.core.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop core", description = "The event loop and the sampler. PID snoop.core (conf/snoop.core.cfg).")
@interface CoreConfig {

    @AttributeDefinition(name = "sample.period.ms", description = "How often every processor is sampled, in ms. "
            + "Samples are taken on multiples of the period, so all processors share sample times.")
    long sample_period_ms() default 5000;

    @AttributeDefinition(name = "sample.timeout.ms", description = "A sample() running longer is reported as hung "
            + "and counted as an error; the processor's events are held meanwhile (bounded by ring.size).")
    long sample_timeout_ms() default 10_000;

    @AttributeDefinition(name = "event.timeout.ms", description = "A processor whose event() has not returned after "
            + "this long (for one batch of up to 1024 events) is stuck: it is shown HUNG, gets no more events, and the "
            + "loop goes on without it on a new thread. A new version of it takes over its last good state.")
    long event_timeout_ms() default 5000;

    @AttributeDefinition(name = "quarantine.errors", description = "Unhandled exceptions within one sample period "
            + "after which a processor is quarantined (no events, no samples) until it is upgraded or enabled.")
    int quarantine_errors() default 10;

    @AttributeDefinition(name = "ring.size", description = "Events buffered between the readers and the processors "
            + "(power of two). Bounds what is held for a processor that is sampling or being upgraded. Read at start.")
    int ring_size() default 1 << 17;

    @AttributeDefinition(name = "swap.hold.ms", description = "How long events are held for a processor whose bundle "
            + "went away, waiting for its next version; after that it counts as removed.")
    long swap_hold_ms() default 10_000;

    @AttributeDefinition(name = "instance", description = "Name of this snoop instance in documents and ids "
            + "(default: the host name).")
    String instance() default "";

    @AttributeDefinition(name = "writer.queue", description = "Default capacity of each writer's queue, in documents.")
    int writer_queue() default 10_000;

    @AttributeDefinition(name = "checkpoint.enabled", description = "Checkpoint processors' states and readers' "
            + "positions at every sample tick, and journal documents before they go to the writers, under "
            + "DATA/state/ (DATA: the instance's data directory), so that a restart, even after a crash, resumes "
            + "where the last checkpoint left off. Read at start.")
    boolean checkpoint_enabled() default true;

    @AttributeDefinition(name = "checkpoint.period.ms", description = "Checkpoints are taken at sample ticks, at "
            + "most this often (0: at every tick). After a crash the readers repeat what came after the last one "
            + "(counted once: the states are from the same moment). Read at start.")
    long checkpoint_period_ms() default 10_000;

    @AttributeDefinition(name = "journal.max.mb", description = "Bound of the journal of documents not yet confirmed "
            + "by every writer, in MB; beyond it the oldest are given up for the writers that lag (counted as "
            + "dropped). Read at start.")
    long journal_max_mb() default 256;

    @AttributeDefinition(name = "checkpoint.max.mb", description = "Bound of one checkpoint, in MB; the largest "
            + "processor states are left out (those processors start afresh after a restart) until it fits. "
            + "Read at start.")
    long checkpoint_max_mb() default 64;
}
