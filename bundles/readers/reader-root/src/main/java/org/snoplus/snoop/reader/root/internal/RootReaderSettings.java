package org.snoplus.snoop.reader.root.internal;

import static org.snoplus.snoop.reader.support.ReaderConfig.check;
import static org.snoplus.snoop.reader.support.ReaderConfig.number;
import static org.snoplus.snoop.reader.support.ReaderConfig.value;

import java.util.ArrayList;
import java.util.List;

import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.reader.support.SourceFiles;

/**
 * The reader's configuration, validated: a value that makes no sense is rejected with its key and the reason, so
 * that the shifter sees which line of the .cfg file to fix.
 *
 * @param branches the branches to publish, in order; empty for every readable one
 * @param runBranch the branch giving the run number, or null
 */
record RootReaderSettings(String file, String tree, List<String> branches, String runBranch, int maxBasketMb,
        double rate, boolean loop, int batch) {

    /** A basket is read whole into memory: beyond this, one entry's branch would not be a record any more. */
    static final int MAX_BASKET_MB = 1024;

    static RootReaderSettings from(RootReaderConfig c) {
        return of(value("file", c::file), value("tree", c::tree), value("branches", c::branches),
                value("run.branch", c::run_branch), value("max.basket.mb", c::max_basket_mb), value("rate", c::rate),
                value("loop", c::loop), value("batch", c::batch));
    }

    static RootReaderSettings of(String file, String tree, String branches, String runBranch, int maxBasketMb,
            double rate, boolean loop, int batch) {
        check(file != null && !file.isBlank(), "file is required: a path or a glob such as ntuples/*.root");
        check(tree != null && !tree.isBlank(), "tree is required: the name of the TTree to read, e.g. output");
        List<String> list = new ArrayList<>();
        if (branches != null && !branches.isBlank()) {
            for (String b : branches.split(",")) {
                String name = b.trim();
                check(!name.isEmpty(), "branches has an empty name in '" + branches + "'");
                check(!list.contains(name), "branches names '" + name + "' twice");
                list.add(name);
            }
        }
        String run = runBranch == null || runBranch.isBlank() ? null : runBranch.trim();
        check(maxBasketMb >= 1 && maxBasketMb <= MAX_BASKET_MB,
                "max.basket.mb must be between 1 and " + MAX_BASKET_MB + ", not " + maxBasketMb);
        check(Double.isFinite(rate) && rate >= 0, "rate must be >= 0, not " + number(rate));
        ReaderConfig.batch(batch);
        SourceFiles.check(file.trim());
        return new RootReaderSettings(file.trim(), tree.trim(), List.copyOf(list), run, maxBasketMb, rate, loop,
                batch);
    }

    long maxBasketBytes() {
        return (long) maxBasketMb << 20;
    }
}
