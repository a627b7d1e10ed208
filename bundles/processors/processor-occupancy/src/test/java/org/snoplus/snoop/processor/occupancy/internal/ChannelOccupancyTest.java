package org.snoplus.snoop.processor.occupancy.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;

public class ChannelOccupancyTest {

    static final int RUN = 300000;
    static final int PHYSICS = TriggerBits.N100L | TriggerBits.N20;

    static ChannelOccupancy occupancy(Object... config) {
        ChannelOccupancy o = new ChannelOccupancy();
        o.configure(Configs.of(OccupancyConfig.class, config));
        return o;
    }

    static PmtEvent event(int run, int word, int... lcns) {
        PmtEvent e = new PmtEvent(Math.max(1, lcns.length));
        e.header(run, 0, 0, word == 0 ? 0 : 1, word, 0, 0, 0);
        for (int lcn : lcns) {
            e.addHit(lcn, 0, 500, 500, 500, 2000, 0);
        }
        return e;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    /**
     * The occupancies of a document's counts, as a page derives them: a channel's hits over the
     * events, a card's over 32 channels' worth, a crate's over its PMT channels'. The counts are
     * whole numbers; with no events every occupancy is 0.
     */
    static double[] values(Map<String, Object> doc, String shape) {
        long[] counts = (long[]) map(doc, shape).get("values");
        long events = (Long) doc.get("events");
        double[] occupancy = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            double per = shape.equals("channels") ? 1
                    : shape.equals("cards") ? Channels.CHANNELS_PER_CARD : ChannelOccupancy.pmtChannelsOfCrate(i);
            occupancy[i] = events == 0 ? 0 : counts[i] / (per * events);
        }
        return occupancy;
    }

    @Test
    public void receivesPmtEvents() {
        assertSame(PmtEvent.class, occupancy().eventType());
    }

    @Test
    public void occupancyOfChosenChannelsIsHitsOverEvents() {
        int a = Channels.lcn(3, 4, 5);
        int b = Channels.lcn(3, 4, 6);
        int c = Channels.lcn(11, 0, 31);
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, PHYSICS, a, b, c));
        o.event(event(RUN, PHYSICS, a, b));
        o.event(event(RUN, PHYSICS, a));
        o.event(event(RUN, PHYSICS, a));
        Map<String, Object> w = o.sample();
        assertEquals(4L, w.get("events"));
        assertEquals(7L, w.get("hits"));
        double[] ch = values(w, "channels");
        assertEquals(Channels.COUNT, ch.length);
        assertEquals(1.0, ch[a], 0);
        assertEquals(0.5, ch[b], 0);
        assertEquals(0.25, ch[c], 0);
        double others = 0;
        for (int i = 0; i < ch.length; i++) {
            others += i == a || i == b || i == c ? 0 : ch[i];
        }
        assertEquals(0.0, others, 0);
    }

    @Test
    public void cardsAndCratesSumTheirChannels() {
        int a = Channels.lcn(3, 4, 5);
        int b = Channels.lcn(3, 4, 6);
        int c = Channels.lcn(3, 9, 0);
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, PHYSICS, a, b, c));
        o.event(event(RUN, PHYSICS, a));
        Map<String, Object> w = o.sample();
        double[] cards = values(w, "cards");
        double[] crates = values(w, "crates");
        assertEquals(304, cards.length);
        assertEquals(19, crates.length);
        // card 3/4: hits 2 + 1 over 32 channels and 2 events
        assertEquals(3.0 / (32 * 2), cards[16 * 3 + 4], 1e-15);
        assertEquals(1.0 / (32 * 2), cards[16 * 3 + 9], 1e-15);
        assertEquals(4.0 / (512 * 2), crates[3], 1e-15);
        assertEquals("shape", "cards", map(w, "cards").get("shape"));
        assertEquals("shape", "crates", map(w, "crates").get("shape"));
        double sum = 0;
        for (double x : crates) {
            sum += x;
        }
        assertEquals(crates[3], sum, 0);
    }

    @Test
    public void fecdChannelsAreShownButLeftOutOfPmtCountsAndOfTheirCrate() {
        int fecd = Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, 0);
        int pmt = Channels.lcn(Channels.FECD_CRATE, 2, 0);
        ChannelOccupancy o = occupancy("min.events", 1L, "high.threshold", 0.9);
        o.event(event(RUN, PHYSICS, fecd, pmt));
        o.event(event(RUN, PHYSICS, fecd));
        Map<String, Object> w = o.sample();
        assertEquals(1.0, values(w, "channels")[fecd], 0);
        assertEquals(1.0 / 32, values(w, "cards")[16 * Channels.FECD_CRATE + Channels.FECD_CARD], 1e-15);
        // crate 17: the one PMT hit over its 480 PMT channels and 2 events
        assertEquals(1.0 / (480 * 2), values(w, "crates")[Channels.FECD_CRATE], 1e-15);
        assertEquals(1L, w.get("hits"));
        // the FEC/D channel at occupancy 1 is not a hot tube; its 31 silent neighbours are not dead ones
        assertEquals(0L, w.get("high"));
        assertEquals((long) ChannelOccupancy.PMT_CHANNELS - 1, w.get("zero"));
    }

    @Test
    public void zeroLowAndHighTubesAreCountedAgainstTheThresholds() {
        int[] hot = {Channels.lcn(0, 0, 0), Channels.lcn(5, 5, 5), Channels.lcn(18, 15, 31)};
        int[] rare = {Channels.lcn(1, 1, 1), Channels.lcn(2, 2, 2)};
        int[] dead = {Channels.lcn(4, 0, 0), Channels.lcn(4, 0, 1), Channels.lcn(7, 3, 9), Channels.lcn(12, 8, 8),
            Channels.lcn(17, 14, 31)};
        List<Integer> normal = new ArrayList<>();
        for (int lcn = 0; lcn < Channels.COUNT; lcn++) {
            if (!contains(hot, lcn) && !contains(rare, lcn) && !contains(dead, lcn) && !Channels.isFecd(lcn)) {
                normal.add(lcn);
            }
        }
        ChannelOccupancy o = occupancy("low.threshold", 0.2, "high.threshold", 0.5, "min.events", 10L);
        for (int e = 0; e < 10; e++) {
            List<Integer> hits = new ArrayList<>();
            for (int h : hot) {
                hits.add(h); // 10 of 10: 1.0, high
            }
            if (e == 0) {
                for (int r : rare) {
                    hits.add(r); // 1 of 10: 0.1, low
                }
            }
            if (e < 3) {
                hits.addAll(normal); // 3 of 10: 0.3, neither
            }
            for (int f = 0; f < 32; f++) {
                hits.add(Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, f)); // always: not a PMT
            }
            o.event(event(RUN, PHYSICS, hits.stream().mapToInt(Integer::intValue).toArray()));
        }
        Map<String, Object> w = o.sample();
        assertEquals(true, w.get("judged"));
        assertEquals(5L, w.get("zero"));
        assertEquals(2L, w.get("low"));
        assertEquals(3L, w.get("high"));
    }

    @Test
    public void aThresholdItselfIsNeitherLowNorHigh() {
        int x = Channels.lcn(2, 3, 4);
        ChannelOccupancy o = occupancy("low.threshold", 0.25, "high.threshold", 0.5, "min.events", 4L);
        o.event(event(RUN, PHYSICS, x));
        o.event(event(RUN, PHYSICS, x));
        o.event(event(RUN, PHYSICS));
        o.event(event(RUN, PHYSICS));
        Map<String, Object> w = o.sample();
        assertEquals(0L, w.get("high")); // 0.5 is not above 0.5
        assertEquals((long) ChannelOccupancy.PMT_CHANNELS - 1, w.get("zero"));
        assertEquals(0L, w.get("low"));
    }

    @Test
    public void belowMinEventsTheCountsAreNotJudged() {
        ChannelOccupancy o = occupancy("min.events", 3L);
        o.event(event(RUN, PHYSICS, 1));
        o.event(event(RUN, PHYSICS, 1));
        Map<String, Object> w = o.sample();
        assertEquals(false, w.get("judged"));
        assertTrue(w.containsKey("zero"));
        assertNull(w.get("zero"));
        assertNull(w.get("low"));
        assertNull(w.get("high"));
        assertEquals(1.0, values(w, "channels")[1], 0);
    }

    @Test
    public void anEmptyWindowHasZeroOccupancyNotNaN() {
        Map<String, Object> w = occupancy().sample();
        assertEquals(0L, w.get("events"));
        for (String shape : new String[] {"channels", "cards", "crates"}) {
            for (double v : values(w, shape)) {
                assertEquals(0.0, v, 0);
            }
        }
        assertNull(w.get("zero"));
    }

    @Test
    public void pedestalPulserAndOrphanEventsDoNotCountByDefault() {
        int x = Channels.lcn(6, 6, 6);
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, TriggerBits.PED, x));
        o.event(event(RUN, TriggerBits.PULGT, x));
        o.event(event(RUN, TriggerBits.PED | TriggerBits.N100L, x)); // vetoed despite its NHIT bit
        o.event(event(RUN, 0, x)); // orphan
        o.event(event(RUN, TriggerBits.OWLN, x));
        o.event(event(RUN, TriggerBits.N100L | TriggerBits.PRESCL));
        Map<String, Object> s = o.sample();
        Map<String, Object> w = s;
        assertEquals(2L, w.get("events"));
        assertEquals(0.5, values(w, "channels")[x], 0);
        assertFalse(((String) map(s, "selection").get("triggers")).contains("PED"));
        assertEquals("PULGT,PED", map(s, "selection").get("veto"));
    }

    @Test
    public void triggersAndVetoSelectTheEvents() {
        int x = Channels.lcn(6, 6, 6);
        ChannelOccupancy o = occupancy("triggers", new String[] {"PULGT"}, "veto", new String[] {""});
        o.event(event(RUN, TriggerBits.PULGT, x));
        o.event(event(RUN, TriggerBits.PULGT | TriggerBits.N20));
        o.event(event(RUN, TriggerBits.N100L, x));
        Map<String, Object> s = o.sample();
        assertEquals(2L, s.get("events"));
        assertEquals(0.5, values(s, "channels")[x], 0);
        assertEquals("PULGT", map(s, "selection").get("triggers"));
        assertEquals("", map(s, "selection").get("veto"));
    }

    @Test
    public void eachWindowStartsAfreshAndHoldsCountsOnly() {
        int x = Channels.lcn(1, 2, 3);
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, PHYSICS, x));
        o.event(event(RUN, PHYSICS));
        o.sample();
        o.event(event(RUN, PHYSICS, x));
        o.event(event(RUN + 1, PHYSICS, x)); // a run change: the window goes on, its document says the run
        Map<String, Object> s = o.sample();
        assertEquals(2L, s.get("events"));
        assertEquals(1.0, values(s, "channels")[x], 0);
        assertEquals(2L, ((long[]) map(s, "channels").get("values"))[x]);
        assertEquals(2L, ((long[]) map(s, "cards").get("values"))[Channels.cardIndex(x)]);
        assertEquals(2L, ((long[]) map(s, "crates").get("values"))[1]);
        assertFalse("no run horizon: a run's counts are its windows' summed", s.containsKey("run"));
    }

    @Test
    public void handoffCarriesTheUnsampledWindowIntoANewInstance() {
        int x = Channels.lcn(9, 9, 9);
        ChannelOccupancy old = occupancy();
        for (int i = 0; i < 4; i++) {
            old.event(event(RUN, PHYSICS, x));
        }
        old.sample();
        old.event(event(RUN, PHYSICS, x));
        old.event(event(RUN, PHYSICS));
        Object state = Handoff.copy(old.handoff());

        ChannelOccupancy next = occupancy("high.threshold", 0.1); // reconfigured: thresholds only
        next.event(event(RUN, PHYSICS, x)); // it ran before: takeover must replace this, not add to it
        next.event(event(RUN, PHYSICS, x));
        next.takeover(state);
        next.event(event(RUN, PHYSICS));
        Map<String, Object> s = next.sample();
        Map<String, Object> w = s;
        assertEquals(3L, w.get("events"));
        assertEquals(1.0 / 3, values(w, "channels")[x], 1e-15);
    }

    @Test
    public void anotherTriggerSelectionStartsTheCountsAfresh() {
        ChannelOccupancy old = occupancy();
        old.event(event(RUN, PHYSICS, 5));
        ChannelOccupancy next = occupancy("triggers", new String[] {"N100H"});
        next.event(event(RUN + 5, TriggerBits.N100H, 5)); // ran before: its counts go too
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> s = next.sample();
        assertEquals(0L, s.get("events"));
        assertEquals(0L, ((long[]) map(s, "channels").get("values"))[5]);
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, PHYSICS, 5));
        o.takeover(Map.of("window", Map.of("events", 3L, "hits", List.of(1L, 2L))));
        Map<String, Object> s = o.sample();
        assertEquals(0L, s.get("events"));
        assertEquals(0L, ((long[]) map(s, "channels").get("values"))[5]);
        o.event(event(RUN, PHYSICS, 5));
        o.takeover("not a map");
        assertEquals(0L, o.sample().get("events"));
    }

    @Test
    public void handoffIsPlainDataOnceCopied() {
        ChannelOccupancy o = occupancy();
        o.event(event(RUN, PHYSICS, 5));
        Map<?, ?> state = (Map<?, ?>) Handoff.copy(o.handoff());
        assertEquals(Channels.COUNT, ((List<?>) ((Map<?, ?>) state.get("window")).get("hits")).size());
    }

    @Test
    public void badConfigurationNamesTheKey() {
        Configs.assertRejected("bad configuration: triggers holds 'N101'",
                () -> occupancy("triggers", new String[] {"100L,N101"}));
        Configs.assertRejected("bad configuration: triggers must name at least one",
                () -> occupancy("triggers", new String[] {" "}));
        Configs.assertRejected("bad configuration: triggers are all vetoed",
                () -> occupancy("triggers", new String[] {"PED"}));
        Configs.assertRejected("bad configuration: veto holds 'pedestal'",
                () -> occupancy("veto", new String[] {"pedestal"}));
        Configs.assertRejected("bad configuration: low.threshold must be in [0, 1)",
                () -> occupancy("low.threshold", -0.1));
        Configs.assertRejected("bad configuration: low.threshold must be in [0, 1)",
                () -> occupancy("low.threshold", Double.NaN));
        Configs.assertRejected("bad configuration: high.threshold must be in (0, 1]",
                () -> occupancy("high.threshold", 1.5));
        Configs.assertRejected("bad configuration: low.threshold must be below high.threshold",
                () -> occupancy("low.threshold", 0.2, "high.threshold", 0.1));
        Configs.assertRejected("bad configuration: min.events must be at least 1",
                () -> occupancy("min.events", 0L));
    }

    @Test
    public void eventAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PmtEvent[] events = new PmtEvent[64];
        for (int i = 0; i < events.length; i++) {
            int n = 1 + 37 * i % 500;
            int[] lcns = new int[n];
            for (int h = 0; h < n; h++) {
                lcns[h] = (h * 7919 + i * 131) % Channels.COUNT;
            }
            int word = i % 8 == 0 ? TriggerBits.PED : i % 13 == 0 ? 0 : PHYSICS;
            events[i] = event(i < 32 ? RUN : RUN + 1, word, lcns);
        }
        ChannelOccupancy o = occupancy();
        for (int i = 0; i < 300_000; i++) { // warm-up: let the JIT compile event()
            o.event(events[i & 63]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            o.event(events[i & 63]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue("event() allocated " + allocated + " bytes over 100000 events", allocated < 256);
    }

    private static boolean contains(int[] a, int x) {
        for (int v : a) {
            if (v == x) {
                return true;
            }
        }
        return false;
    }
}
