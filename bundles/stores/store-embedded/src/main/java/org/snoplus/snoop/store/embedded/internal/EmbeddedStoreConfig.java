package org.snoplus.snoop.store.embedded.internal;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

@ObjectClassDefinition(name = "snoop embedded store", description = "The default store: every sample document in an "
        + "H2 MVStore file, read back by the query service (snoop.store.name=embedded). Documents are kept at full "
        + "resolution for full.days, then merged into one per consolidate.s, and removed after retention.days. PID "
        + "snoop.store.embedded; runs without a configuration file.")
// runtime and on types: EmbeddedStore.open(Path) reads the defaults from an annotated class
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface EmbeddedStoreConfig {

    @AttributeDefinition(name = "path", description = "The store's directory (the file is documents.mv.db in it). "
            + "Empty: ${snoop.data}/store. Relative paths are relative to the working directory.")
    String path() default "";

    @AttributeDefinition(name = "retention.days", description = "Documents whose sample time is older than this "
            + "many days are removed (checked hourly); 0 keeps them for ever.")
    long retention_days() default 365;

    @AttributeDefinition(name = "full.days", description = "Documents older than this many days are consolidated: "
            + "those of each processor within consolidate.s are merged into one (histograms and counts summed, "
            + "moments merged, other numbers as sum, mean over time, min and max), as an RRD keeps older data; 0 "
            + "never consolidates.")
    long full_days() default 7;

    @AttributeDefinition(name = "consolidate.s", description = "The period of consolidated documents, seconds: one "
            + "document per processor per consolidate.s once they are older than full.days.")
    long consolidate_s() default 60;

    @AttributeDefinition(name = "compress", description = "Compression of the file's pages: high (Deflate; the "
            + "default: a detector map of counts takes some 6 kB), fast (LZF) or none.")
    String compress() default "high";

    @AttributeDefinition(name = "cache.mb", description = "Memory for pages of the file read recently, in MiB. A "
            + "day of one processor sampled every second is some 40 MB: a query of a day it holds is twice as fast.")
    int cache_mb() default 128;

    @AttributeDefinition(name = "commit.ms", description = "0: every batch of documents is committed to the file "
            + "before the writer takes the next one (one commit per batch). N > 0: a batch is committed only if the "
            + "last commit is N ms old, otherwise when the writer's queue runs empty or within N ms: fewer commits "
            + "while a backlog is written, and at most N ms of documents lost if the process is killed.")
    long commit_ms() default 0;
}
