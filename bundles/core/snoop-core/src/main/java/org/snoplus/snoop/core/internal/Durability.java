package org.snoplus.snoop.core.internal;

import java.nio.file.Path;

/**
 * Where and within what bounds the core keeps what must survive a crash: the checkpoints
 * ({@code DIR/checkpoint.json}) and the journal of documents ({@code DIR/journal/}). Read at start;
 * a change applies at the next start.
 *
 * @param dir the directory, or null: no checkpoints, no journal (tests, benchmarks)
 * @param journalMaxBytes the journal's bound; beyond it the oldest documents are given up for the
 *        writers that have not confirmed them (counted as dropped)
 * @param checkpointMaxBytes the checkpoint's bound; the largest processor states are left out (they
 *        start afresh after a restart) until it fits
 * @param checkpointPeriodMs checkpoints are taken at sample ticks, at most this often (0: at every
 *        tick); a crash repeats at most this much of the input
 */
public record Durability(Path dir, long journalMaxBytes, long checkpointMaxBytes, long checkpointPeriodMs) {

    public static final Durability NONE = new Durability(null, 0, 0, 0);

    static final long MB = 1 << 20;

    public boolean enabled() {
        return dir != null;
    }
}
