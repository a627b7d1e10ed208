package org.snoplus.snoop.testing;

import java.lang.management.ManagementFactory;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;

/** Hand-built SNO+ events for processor tests and an allocation meter. */
public final class PmtEvents {

    private PmtEvents() {
    }

    /**
     * An event with {@code pmtHits} hits on PMT channels 0, 1, 2... and {@code fecdHits} on the
     * FEC/D card (crate 17, card 15), which NHIT must leave out.
     */
    public static PmtEvent event(int run, int gtid, int triggerWord, long clock10, int pmtHits, int fecdHits) {
        PmtEvent ev = new PmtEvent(pmtHits + fecdHits);
        ev.header(run, 0, gtid, gtid, triggerWord, 0, clock10, clock10 * 5);
        for (int i = 0; i < pmtHits; i++) {
            ev.addHit(i, 0, 500, 500, 500, 2700, 0);
        }
        for (int i = 0; i < fecdHits; i++) {
            ev.addHit(Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, i), 0, 500, 500, 500, 3500, 0);
        }
        return ev;
    }

    /** An orphan: GTID 0, trigger word 0, clocks 0. */
    public static PmtEvent orphan(int run, int hits) {
        return event(run, 0, 0, 0, hits, 0);
    }

    /** Bytes allocated by this thread so far. */
    public static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
