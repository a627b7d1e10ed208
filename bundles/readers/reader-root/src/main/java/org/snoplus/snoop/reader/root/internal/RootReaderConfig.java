package org.snoplus.snoop.reader.root.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.snoplus.snoop.reader.support.ReaderConfig;

@ObjectClassDefinition(name = "snoop ROOT reader", description = "Replays the entries of a flat TTree of ROOT files "
        + "(the SNO+ ntuples) as events, one map of branch name to value per entry. Factory PID snoop.reader.root: "
        + "conf/snoop.reader.root-NAME.cfg makes a reader named NAME.")
@interface RootReaderConfig {

    @AttributeDefinition(name = "file", description = "The ROOT file to read, or a glob over file names such as "
            + "ntuples/*.root (files are read in name order). Relative paths are relative to the working directory.")
    String file();

    @AttributeDefinition(name = "tree", description = "The tree to read in each file, e.g. output; a tree in a "
            + "directory as dir/tree.")
    String tree();

    @AttributeDefinition(name = "branches", description = "The branches to publish, comma-separated; empty: every "
            + "branch of the tree this reader can read (basic types, their arrays, strings), the others left out "
            + "with a log line.")
    String branches() default "";

    @AttributeDefinition(name = "run.branch", description = "A branch holding the run number (an integer scalar, "
            + "e.g. runID): its changes start runs in the event loop. Empty: no run (-1).")
    String run_branch() default "";

    @AttributeDefinition(name = "max.basket.mb", description = "Largest basket (or other object) accepted, "
            + "uncompressed, in MiB: one that claims more is counted malformed instead of allocated.")
    int max_basket_mb() default 64;

    @AttributeDefinition(name = "rate", description = ReaderConfig.RATE)
    double rate() default 0;

    @AttributeDefinition(name = "loop", description = ReaderConfig.LOOP)
    boolean loop() default false;

    @AttributeDefinition(name = "batch", description = ReaderConfig.BATCH)
    int batch() default 256;
}
