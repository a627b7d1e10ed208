package org.snoplus.snoop.processor.timing.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;

public class TimingChecksTest {

    static final int RUN = 300000;
    static final int PHYSICS = TriggerBits.N100L | TriggerBits.N20;

    static TimingChecks timing(Object... config) {
        TimingChecks t = new TimingChecks();
        t.configure(Configs.of(TimingConfig.class, config));
        return t;
    }

    static PmtEvent event(int run, int gtid, long clock10, long clock50) {
        PmtEvent e = new PmtEvent(4);
        e.header(run, 0, 0, gtid, PHYSICS, 0, clock10, clock50);
        return e;
    }

    static PmtEvent event(int gtid, long clock10, long clock50) {
        return event(RUN, gtid, clock10, clock50);
    }

    static PmtEvent orphan() {
        PmtEvent e = new PmtEvent(4);
        e.header(RUN, 0, 0, 0, 0, 0, 0, 0);
        return e;
    }

    /** An event at {@code ns} after the start, both clocks exact but for their ticks. */
    static PmtEvent at(int gtid, long ns) {
        return event(gtid, ns / 100, ns / 20);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String... path) {
        Map<String, Object> x = m;
        for (String key : path) {
            x = (Map<String, Object>) x.get(key);
        }
        return x;
    }

    /** Counts per crate, as doubles for the assertions. */
    static double[] crates(Map<String, Object> m, String... path) {
        return java.util.Arrays.stream((long[]) map(m, path).get("values")).asDoubleStream().toArray();
    }

    @Test
    public void receivesPmtEvents() {
        assertSame(PmtEvent.class, timing().eventType());
    }

    @Test
    public void clocksAreComparedEventByEvent() {
        TimingChecks t = timing();
        t.event(event(1, 1000, 5000));
        t.event(event(2, 1010, 5050)); // 1000 ns by both
        t.event(event(3, 1020, 5110)); // 1000 ns against 1200 ns: a disagreement of 200
        t.event(event(4, 1023, 5125)); // 300 ns by both: close
        Map<String, Object> s = t.sample();
        Map<String, Object> clock = map(s, "clock");
        assertEquals(3L, clock.get("pairs"));
        assertEquals(1L, clock.get("disagreements"));
        assertEquals(1L, clock.get("close"));
        assertEquals(2300L, clock.get("elapsed10.ns"));
        assertEquals(2500L, clock.get("elapsed50.ns"));
        assertEquals(200.0 / 2300 * 1e6, (Double) clock.get("drift.ppm"), 0.1); // six significant digits
        assertEquals(0L, clock.get("backward10"));
        long[] counts = (long[]) map(s, "clock.diff").get("counts");
        long[] expected = new long[100]; // [-1000, 1000) in 20 ns bins
        expected[50] = 2; // 0
        expected[60] = 1; // +200
        assertArrayEquals(expected, counts);
        assertEquals(4L, map(s).get("events"));
        assertEquals(150L, s.get("tolerance.ns"));
        assertEquals(410L, s.get("close.ns"));
    }

    @Test
    public void theToleranceIsConfigurableAndItsEdgeIsNoDisagreement() {
        TimingChecks t = timing("clock.tolerance.ns", 200L);
        t.event(event(1, 1000, 5000));
        t.event(event(2, 1010, 5060)); // 1000 ns against 1200 ns: +200, not beyond
        t.event(event(3, 1020, 5109)); // 1000 against 980: -20
        t.event(event(4, 1030, 5169)); // 1000 against 1200: +200 again
        t.event(event(5, 1040, 5208)); // 1000 against 780: -220, beyond
        assertEquals(1L, map(t.sample(), "clock").get("disagreements"));
    }

    @Test
    public void tickRoundingAloneStaysWithinTheDefaultToleranceButNotWithin50ns() {
        TimingChecks byDefault = timing();
        TimingChecks tight = timing("clock.tolerance.ns", 50L);
        long ns = 123_456_789L;
        for (int i = 0; i < 10_000; i++) {
            ns += 420 + (i * 7_919L) % 2_000_000; // sound clocks, every phase of their ticks
            byDefault.event(at(i + 1, ns));
            tight.event(at(i + 1, ns));
        }
        Map<String, Object> d = map(byDefault.sample(), "clock");
        assertEquals(9_999L, d.get("pairs"));
        assertEquals(0L, d.get("disagreements"));
        assertTrue("|drift| " + d.get("drift.ppm"), Math.abs((Double) d.get("drift.ppm")) < 0.02);
        long tightDisagreements = (Long) map(tight.sample(), "clock").get("disagreements");
        assertTrue(tightDisagreements + " of 9999 pairs", tightDisagreements > 1000);
    }

    @Test
    public void driftIsMeasuredInPartsPerMillion() {
        TimingChecks t = timing();
        for (int i = 0; i <= 1000; i++) {
            long ns = 1_000_000L * i; // one event a millisecond
            // the 50 MHz oscillator runs 25 ppm fast
            t.event(event(i + 1, ns / 100, Math.round(ns * (1 + 25e-6)) / 20));
        }
        Map<String, Object> clock = map(t.sample(), "clock");
        assertEquals(1_000_000_000L, clock.get("elapsed10.ns"));
        assertEquals(25.0, (Double) clock.get("drift.ppm"), 0.03);
        assertEquals(0L, clock.get("disagreements")); // 25 ns a pair
    }

    @Test
    public void clocksWrapWithoutAnyAlarm() {
        TimingChecks t = timing();
        long top10 = (1L << 53) - 5;
        long top50 = (1L << 43) - 25;
        t.event(event(1, top10, top50));
        t.event(event(2, 5, 25)); // 10 ticks of 100 ns, 50 of 20 ns: 1000 ns each
        Map<String, Object> clock = map(t.sample(), "clock");
        assertEquals(1000L, clock.get("elapsed10.ns"));
        assertEquals(1000L, clock.get("elapsed50.ns"));
        assertEquals(0L, clock.get("disagreements"));
        assertEquals(0L, clock.get("backward10"));
        assertEquals(0L, clock.get("backward50"));
    }

    @Test
    public void aClockThatGoesBackIsCounted() {
        TimingChecks t = timing();
        t.event(event(1, 1000, 5000));
        t.event(event(2, 990, 5050));
        Map<String, Object> clock = map(t.sample(), "clock");
        assertEquals(1L, clock.get("backward10"));
        assertEquals(0L, clock.get("backward50"));
        assertEquals(-1000L, clock.get("elapsed10.ns"));
        assertEquals(1L, clock.get("disagreements"));
        assertNull(clock.get("drift.ppm")); // no elapsed time to refer to
    }

    @Test
    public void eventsCloserThanCloseNsAreCounted() {
        TimingChecks t = timing();
        long ns = 1_000_000;
        t.event(at(1, ns));
        t.event(at(2, ns += 400)); // close
        t.event(at(3, ns += 420)); // the lockout: not close
        t.event(at(4, ns += 200)); // close
        t.event(at(5, ns += 409_000));
        assertEquals(2L, map(t.sample(), "clock").get("close"));

        TimingChecks edge = timing("close.ns", 400L);
        ns = 1_000_000;
        edge.event(at(1, ns));
        edge.event(at(2, ns += 400)); // exactly close.ns: not close
        edge.event(at(3, ns += 380));
        assertEquals(1L, map(edge.sample(), "clock").get("close"));

        TimingChecks wide = timing("close.ns", 1000L);
        ns = 1_000_000;
        wide.event(at(1, ns));
        wide.event(at(2, ns += 980));
        wide.event(at(3, ns += 1000));
        assertEquals(1L, map(wide.sample(), "clock").get("close"));
    }

    @Test
    public void gtidSkipsAndRepeatsAreCounted() {
        TimingChecks t = timing();
        int[] gtids = {10, 11, 13, 13, 20, 21};
        for (int i = 0; i < gtids.length; i++) {
            t.event(at(gtids[i], 1000L * (i + 1)));
        }
        Map<String, Object> g = map(t.sample(), "gtid");
        assertEquals(2L, g.get("skips"));
        assertEquals(7L, g.get("missing")); // 12, and 14..19
        assertEquals(1L, g.get("repeats"));
        assertEquals(0L, g.get("wraps"));
        assertEquals(0L, g.get("backward"));
    }

    @Test
    public void theWrapAt2To24IsNoSkip() {
        TimingChecks t = timing();
        int[] gtids = {0xFFFFFD, 0xFFFFFE, 0xFFFFFF, 0, 1};
        for (int i = 0; i < gtids.length; i++) {
            t.event(at(gtids[i], 1000L * (i + 1)));
        }
        Map<String, Object> s = t.sample();
        Map<String, Object> g = map(s, "gtid");
        assertEquals(1L, g.get("wraps"));
        assertEquals(0L, g.get("skips"));
        assertEquals(0L, g.get("missing"));
        assertEquals(5L, map(s).get("events")); // GTID 0 with a trigger is no orphan
        assertEquals(0L, map(s).get("orphans"));
    }

    @Test
    public void aSkipAcrossTheWrapIsBoth() {
        TimingChecks t = timing();
        t.event(at(0xFFFFFE, 1000));
        t.event(at(2, 2000));
        Map<String, Object> g = map(t.sample(), "gtid");
        assertEquals(1L, g.get("wraps"));
        assertEquals(1L, g.get("skips"));
        assertEquals(3L, g.get("missing")); // 0xFFFFFF, 0, 1
    }

    @Test
    public void aGtidGoingBackIsNoSkipOfSixteenMillion() {
        TimingChecks t = timing();
        t.event(at(100, 1000));
        t.event(at(90, 2000));
        t.event(at(91, 3000));
        Map<String, Object> g = map(t.sample(), "gtid");
        assertEquals(1L, g.get("backward"));
        assertEquals(0L, g.get("skips"));
        assertEquals(0L, g.get("missing"));
    }

    @Test
    public void orphansAreLeftOutOfClockAndGtidChecks() {
        TimingChecks t = timing();
        t.event(at(10, 1_000_000));
        t.event(orphan());
        t.event(orphan());
        t.event(at(11, 1_001_000));
        Map<String, Object> w = map(t.sample());
        assertEquals(2L, w.get("events"));
        assertEquals(2L, w.get("orphans"));
        assertEquals(0L, map(w, "gtid").get("skips"));
        assertEquals(1L, map(w, "clock").get("pairs"));
        assertEquals(0L, map(w, "clock").get("disagreements"));
        assertEquals(0L, map(w, "clock").get("close"));
    }

    @Test
    public void hitFlagsAreCountedPerCrateInHitsAndEvents() {
        TimingChecks t = timing();
        PmtEvent a = at(1, 1000);
        a.addHit(Channels.lcn(2, 0, 0), 0, 0, 0, 0, 0, PmtEvent.HIT_CGT_ES16);
        a.addHit(Channels.lcn(2, 3, 1), 0, 0, 0, 0, 0, PmtEvent.HIT_CGT_ES16);
        a.addHit(Channels.lcn(5, 0, 0), 0, 0, 0, 0, 0, PmtEvent.HIT_CGT_ES16);
        a.addHit(Channels.lcn(5, 0, 1), 0, 0, 0, 0, 0, PmtEvent.HIT_CMOS_ES16);
        a.addHit(Channels.lcn(6, 0, 1), 0, 0, 0, 0, 0, PmtEvent.HIT_NC_CC); // not counted
        a.addHit(Channels.lcn(6, 0, 2), 0, 0, 0, 0, 0, 0);
        PmtEvent b = at(2, 2000);
        for (int i = 0; i < 3; i++) {
            b.addHit(Channels.lcn(2, 1, i), 0, 0, 0, 0, 0, PmtEvent.HIT_LGI_SELECT);
        }
        b.addHit(Channels.lcn(2, 1, 3), 0, 0, 0, 0, 0, PmtEvent.HIT_CGT_ES24 | PmtEvent.HIT_MISSED);
        PmtEvent c = orphan(); // its hits are electronics all the same
        c.addHit(Channels.lcn(0, 0, 0), 0, 0, 0, 0, 0, PmtEvent.HIT_CMOS_ES16);
        c.addHit(Channels.lcn(18, 15, 31), 0, 0, 0, 0, 0, PmtEvent.HIT_CMOS_ES16 | PmtEvent.HIT_CGT_ES16);
        t.event(a);
        t.event(b);
        t.event(c);
        Map<String, Object> flags = map(t.sample(), "flags");

        Map<String, Object> es16 = map(flags, "cgt.es16");
        assertEquals(2L, es16.get("events"));
        assertEquals(4L, es16.get("hits"));
        double[] hits = new double[19];
        hits[2] = 2;
        hits[5] = 1;
        hits[18] = 1;
        assertArrayEquals(hits, crates(es16, "hits.crates"), 0);
        double[] events = new double[19];
        events[2] = 1;
        events[5] = 1;
        events[18] = 1;
        assertArrayEquals(events, crates(es16, "events.crates"), 0);

        Map<String, Object> cmos = map(flags, "cmos.es16");
        assertEquals(2L, cmos.get("events"));
        assertEquals(3L, cmos.get("hits"));
        assertEquals(1.0, crates(cmos, "events.crates")[0], 0);
        assertEquals(1.0, crates(cmos, "events.crates")[5], 0);
        assertEquals(1.0, crates(cmos, "events.crates")[18], 0);

        Map<String, Object> lgi = map(flags, "lgi.select");
        assertEquals(1L, lgi.get("events"));
        assertEquals(3L, lgi.get("hits"));
        assertEquals(3.0, crates(lgi, "hits.crates")[2], 0);
        assertEquals(1.0, crates(lgi, "events.crates")[2], 0);

        assertEquals(1L, map(flags, "cgt.es24").get("events"));
        assertEquals(1L, map(flags, "cgt.es24").get("hits"));
        assertEquals(1L, map(flags, "missed").get("hits"));
    }

    @Test
    public void mtcErrorBitsAreCountedBitByBit() {
        TimingChecks t = timing();
        PmtEvent e = new PmtEvent(1);
        e.header(RUN, 0, 0, 1, PHYSICS, 0b101, 10, 50);
        t.event(e);
        e.header(RUN, 0, 0, 2, PHYSICS, 1 | 1 << 14, 20, 100);
        t.event(e);
        e.header(RUN, 0, 0, 3, PHYSICS, 0, 30, 150);
        t.event(e);
        Map<String, Object> mtc = map(t.sample(), "mtc.errors");
        assertEquals(2L, mtc.get("events"));
        Map<String, Object> bits = map(mtc, "bits");
        assertEquals(15, bits.size());
        assertEquals(2L, bits.get("TestGT"));
        assertEquals(0L, bits.get("Test50"));
        assertEquals(1L, bits.get("Test10"));
        assertEquals(1L, bits.get("Unused3"));
    }

    @Test
    public void theComparisonGoesOnAcrossSamplesAndStartsAfreshWithANewRun() {
        TimingChecks t = timing();
        t.event(at(10, 1000));
        t.event(at(12, 2000));
        t.sample();
        t.event(at(14, 3000)); // compared with the last event of the window before
        Map<String, Object> s = t.sample();
        assertEquals(1L, map(s, "gtid").get("skips"));
        assertEquals(1L, map(s, "gtid").get("missing"));
        assertEquals(1L, map(s, "clock.diff").get("entries")); // the window's one pair

        t.event(event(RUN + 1, 5000, 50_000, 250_000)); // new run: not compared with the last run's event
        t.event(event(RUN + 1, 5001, 50_010, 250_050));
        s = t.sample();
        assertEquals(0L, map(s, "gtid").get("skips"));
        assertEquals(1L, map(s, "clock").get("pairs"));
    }

    @Test
    public void aNewInstanceTakesOverTheWindowAndThePreviousEvent() {
        TimingChecks old = timing();
        old.event(at(10, 1000));
        old.event(at(12, 2000)); // a skip
        old.sample();
        old.event(at(13, 2300)); // close, and unsampled
        Object state = Handoff.copy(old.handoff());

        TimingChecks next = timing();
        next.event(at(500, 99_000)); // ran before: replaced, not added to
        next.takeover(state);
        next.event(at(15, 3000)); // compared with GTID 13 of the predecessor: a skip
        Map<String, Object> s = next.sample();
        assertEquals(2L, map(s, "clock").get("pairs"));
        assertEquals(1L, map(s, "clock").get("close"));
        assertEquals(1L, map(s, "gtid").get("skips"));
        assertEquals(2L, map(s, "clock.diff").get("entries"));
    }

    @Test
    public void anotherToleranceDropsOnlyTheDisagreementsAnotherCloseNsOnlyTheCloseCounts() {
        TimingChecks old = timing();
        old.event(event(1, 1000, 5000));
        old.event(event(2, 1003, 5025)); // 300 ns against 500: disagreement, close by the 10 MHz clock only
        old.event(event(3, 1005, 5035)); // 200 ns by both: close
        old.event(event(5, 1010, 5060));
        Object state = Handoff.copy(old.handoff());

        TimingChecks looser = timing("clock.tolerance.ns", 300L);
        looser.takeover(state);
        Map<String, Object> s = looser.sample();
        assertEquals(0L, map(s, "clock").get("disagreements"));

        TimingChecks wider = timing("close.ns", 1000L);
        wider.takeover(state);
        s = wider.sample();

        TimingChecks rebinned = timing("clock.diff.bins", 10);
        rebinned.takeover(state);
        s = rebinned.sample();
        assertEquals(0L, map(s, "clock.diff").get("entries"));
        assertEquals(1L, map(s, "clock").get("disagreements"));
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        TimingChecks t = timing();
        t.event(at(10, 1000));
        t.event(at(12, 2000));
        t.takeover(Map.of("window", Map.of("counters", "x"), "previous", Map.of("gtid", "y")));
        t.event(at(20, 3000)); // nothing before it
        Map<String, Object> s = t.sample();
        assertEquals(0L, map(s, "gtid").get("skips"));
        assertEquals(0L, map(s, "clock").get("pairs"));
    }

    @Test
    public void badConfigurationNamesTheKey() {
        Configs.assertRejected("bad configuration: clock.tolerance.ns must be 0 or more",
                () -> timing("clock.tolerance.ns", -1L));
        Configs.assertRejected("bad configuration: close.ns must be 0 or more", () -> timing("close.ns", -410L));
        Configs.assertRejected("bad configuration: clock.diff.bins must be between 1 and 100000",
                () -> timing("clock.diff.bins", 0));
        Configs.assertRejected("bad configuration: clock.diff.range.ns must be above 0",
                () -> timing("clock.diff.range.ns", 0.0));
        Configs.assertRejected("bad configuration: clock.diff.range.ns must be above 0",
                () -> timing("clock.diff.range.ns", Double.POSITIVE_INFINITY));
    }

    @Test
    public void eventAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        PmtEvent[] events = new PmtEvent[64];
        long ns = 0;
        for (int i = 0; i < events.length; i++) {
            ns += 300 + 1000L * i;
            events[i] = i % 9 == 0 ? orphan() : at(i % 17 == 0 ? i : i + 1, ns);
            events[i].header(RUN, 0, 0, events[i].gtid(), events[i].triggerWord(), i % 5 == 0 ? 0x7FFF : 0,
                    events[i].clock10(), events[i].clock50());
            for (int h = 0; h < 50; h++) {
                events[i].addHit((h * 977 + i) % Channels.COUNT, 0, 0, 0, 0, 0, h % 7 == 0 ? 1 << (h % 6) : 0);
            }
        }
        TimingChecks t = timing();
        for (int i = 0; i < 300_000; i++) {
            t.event(events[i & 63]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            t.event(events[i & 63]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue("event() allocated " + allocated + " bytes over 100000 events", allocated < 256);
    }
}
