package org.snoplus.snoop.processor.occupancy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.junit.Test;
import org.snoplus.snoop.testing.SharedData;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabFile;
import org.snoplus.snoop.testing.Configs;

/** The one event of the SNO demo file (run 3510, NHIT 364), through the processor and counted by hand. */
public class OccupancyOnRealDataTest {


    static PmtEvent demoEvent() throws Exception {
        PmtEvent event = null;
        int events = 0;
        try (ZdabFile zdab = ZdabFile.open(SharedData.demoZdab())) {
            for (Object r; (r = zdab.next()) != null;) {
                if (r instanceof PmtEvent e) {
                    event = e;
                    events++;
                }
            }
        }
        assertEquals("events in the demo file", 1, events);
        assertNotNull(event);
        return event;
    }

    @Test
    public void occupancyAgreesWithTheHitsOfTheDemoEvent() throws Exception {
        PmtEvent ev = demoEvent();
        assertEquals(364, ev.nhit());

        // by hand, from the event's arrays
        long[] crateHits = new long[Channels.CRATES];
        long[] cardHits = new long[Channels.CRATES * Channels.CARDS];
        Set<Integer> channels = new HashSet<>();
        long pmtHits = 0;
        for (int i = 0; i < ev.nhit(); i++) {
            int lcn = ev.lcn()[i];
            channels.add(lcn);
            cardHits[lcn / 32]++;
            if (lcn / 32 != 17 * 16 + 15) {
                crateHits[lcn / 512]++;
                pmtHits++;
            }
        }
        assertEquals("no channel twice", ev.nhit(), channels.size());

        ChannelOccupancy o = new ChannelOccupancy();
        o.configure(Configs.of(OccupancyConfig.class, "min.events", 1L));
        o.event(ev);
        Map<String, Object> s = o.sample();
        Map<String, Object> w = s;
        assertEquals(1L, w.get("events")); // 100L,100M,100H,20,MISS: a physics event
        assertEquals(pmtHits, w.get("hits"));

        double[] ch = ChannelOccupancyTest.values(w, "channels");
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            assertEquals("channel " + lcn, channels.contains(lcn) ? 1.0 : 0.0, ch[lcn], 0);
        }
        double[] cards = ChannelOccupancyTest.values(w, "cards");
        for (int c = 0; c < cards.length; c++) {
            assertEquals("card " + c, cardHits[c] / 32.0, cards[c], 1e-12);
        }
        double[] crates = ChannelOccupancyTest.values(w, "crates");
        long total = 0;
        for (int k = 0; k < Channels.CRATES; k++) {
            int pmts = k == 17 ? 480 : 512;
            assertEquals("hits of crate " + k, crateHits[k], Math.round(crates[k] * pmts), 0);
            total += Math.round(crates[k] * pmts);
        }
        assertEquals(pmtHits, total);
        assertEquals((long) ChannelOccupancy.PMT_CHANNELS - pmtHits, w.get("zero"));
        assertEquals((long) pmtHits, w.get("high")); // occupancy 1 in a one-event window
    }
}
