package org.snoplus.snoop.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.zdab.ZdabWriter;

/** Realistic PMT events for the benchmarks: seeded, {@code minHits..maxHits} hits each. */
final class SnoEvents {

    private SnoEvents() {
    }

    static PmtEvent[] make(int n, int minHits, int maxHits, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        PmtEvent[] events = new PmtEvent[n];
        long clock10 = 1_000_000;
        for (int i = 0; i < n; i++) {
            int nhit = minHits == maxHits ? minHits : r.nextInt(minHits, maxHits + 1);
            clock10 += 1 + r.nextInt(20_000);
            int trigger = TriggerBits.N20 | (nhit > 25 ? TriggerBits.N100L | TriggerBits.N100M : 0);
            PmtEvent e = new PmtEvent(nhit).header(300000, 0, i, (0x1000 + i) & 0xFFFFFF, trigger, 0, clock10,
                    clock10 * 5);
            for (int h = 0; h < nhit; h++) {
                int lcn = r.nextInt(Channels.COUNT);
                int flags = r.nextInt(1000) == 0 ? PmtEvent.HIT_CGT_ES16 : 0;
                e.addHit(lcn, r.nextInt(16), 400 + r.nextInt(200), 400 + r.nextInt(300), 500 + r.nextInt(100),
                        1500 + r.nextInt(1000), flags);
            }
            events[i] = e;
        }
        return events;
    }

    static Path write(PmtEvent[] events, String prefix) throws IOException {
        Path f = Files.createTempFile(prefix, ".zdab");
        f.toFile().deleteOnExit();
        try (ZdabWriter w = new ZdabWriter(f)) {
            for (PmtEvent e : events) {
                w.write(e);
            }
        }
        return f;
    }
}
