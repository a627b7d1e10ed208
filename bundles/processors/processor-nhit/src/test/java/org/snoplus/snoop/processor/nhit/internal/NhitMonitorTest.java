package org.snoplus.snoop.processor.nhit.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.sno.TriggerBits.ESUMH;
import static org.snoplus.snoop.sno.TriggerBits.EXTA;
import static org.snoplus.snoop.sno.TriggerBits.N100H;
import static org.snoplus.snoop.sno.TriggerBits.N100L;
import static org.snoplus.snoop.sno.TriggerBits.N100M;
import static org.snoplus.snoop.sno.TriggerBits.N20;
import static org.snoplus.snoop.sno.TriggerBits.PED;
import static org.snoplus.snoop.sno.TriggerBits.PULGT;
import static org.snoplus.snoop.testing.PmtEvents.event;
import static org.snoplus.snoop.testing.PmtEvents.orphan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.testing.SharedData;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.zdab.ZdabFile;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;
import org.snoplus.snoop.testing.PmtEvents;

public class NhitMonitorTest {

    private static final double EPS = 1e-9;
    private static final List<String> DEFAULT_BITS = List.of("100L", "100M", "20", "ESUMH", "PULGT", "PED");

    private static NhitMonitor nhit(Object... config) {
        NhitMonitor n = new NhitMonitor();
        n.configure(Configs.of(NhitConfig.class, config));
        return n;
    }

    /**
     * PMT NHIT 10 (with 25 FEC/D hits, which would make it 35), 29, 30, 31, 499, 500, 1000 and an
     * orphan: with the default binning (100 bins of 5 to 500) bins 2, 5, 6, 6, 99 and twice overflow.
     * Two are below the threshold of 30, five at or above it.
     */
    private static void firstWindow(NhitMonitor n) {
        n.event(event(7, 1, N100L, 100, 10, 25));
        n.event(event(7, 2, N100L | N100M, 200, 29, 0));
        n.event(event(7, 3, PULGT, 300, 30, 0));
        n.event(orphan(7, 5));
        n.event(event(7, 4, PED, 400, 31, 0));
        n.event(event(7, 5, N100L | N100M | ESUMH, 500, 499, 0));
        n.event(event(7, 6, N20 | N100H, 600, 500, 0));
        n.event(event(7, 7, EXTA, 700, 1000, 0));
    }

    private static double mean(double... x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    private static double rms(double... x) {
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return Math.sqrt(s / x.length);
    }

    private static long[] counts(int bins, int... filledBins) {
        long[] c = new long[bins];
        for (int b : filledBins) {
            c[b]++;
        }
        return c;
    }

    /** The values {@code events, mean, rms, below, above} and the histogram, under names ending in {@code suffix}. */
    @SuppressWarnings("unchecked")
    private static void assertValues(Map<String, Object> doc, String suffix, double[] nhits, long below, long above,
            long[] counts, long underflow, long overflow) {
        assertEquals("events" + suffix, (long) nhits.length, doc.get("events" + suffix));
        Map<String, Object> moments = (Map<String, Object>) doc.get("nhit" + suffix);
        assertEquals("moments", moments.get("shape"));
        assertEquals((long) nhits.length, moments.get("count"));
        if (nhits.length == 0) {
            assertNull(moments.get("mean"));
            assertNull(moments.get("rms"));
        } else {
            // six significant digits
            assertEquals("mean" + suffix, mean(nhits), (Double) moments.get("mean"), 1e-5 * mean(nhits));
            assertEquals("rms" + suffix, rms(nhits), (Double) moments.get("rms"), 1e-5 * Math.max(1, rms(nhits)));
        }
        assertEquals("below" + suffix, below, doc.get("below" + suffix));
        assertEquals("above" + suffix, above, doc.get("above" + suffix));
        Map<String, Object> h = (Map<String, Object>) doc.get("hist" + suffix);
        assertEquals("histogram", h.get("shape"));
        assertArrayEquals("hist" + suffix, counts, (long[]) h.get("counts"));
        assertEquals("underflow" + suffix, underflow, h.get("underflow"));
        assertEquals("overflow" + suffix, overflow, h.get("overflow"));
        assertEquals("entries" + suffix, (long) nhits.length, h.get("entries"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> perTrigger(Map<String, Object> doc, String key, String bit) {
        return (Map<String, Object>) ((Map<String, Object>) doc.get(key)).get(bit);
    }

    @SuppressWarnings("unchecked")
    private static double[] edges(Map<String, Object> doc, String key) {
        return (double[]) ((Map<String, Object>) doc.get(key)).get("edges");
    }

    @Test
    public void receivesPmtEventsOnly() {
        assertSame(PmtEvent.class, nhit().eventType());
    }

    @Test
    public void theWindowsNhitWithoutTheFecdChannelsAndWithoutOrphans() {
        NhitMonitor n = nhit();
        firstWindow(n);
        Map<String, Object> doc = n.sample();

        assertEquals(30, doc.get("threshold"));
        assertEquals(1L, doc.get("orphans"));
        double[] all = {10, 29, 30, 31, 499, 500, 1000};
        assertValues(doc, "", all, 2, 5, counts(100, 2, 5, 6, 6, 99), 0, 2);
        double[] e = edges(doc, "hist");
        assertEquals(101, e.length);
        for (int i = 0; i <= 100; i++) {
            assertEquals(5.0 * i, e[i], EPS);
        }
    }

    @Test
    public void perTriggerBitOfTheConfiguredBits() {
        NhitMonitor n = nhit();
        firstWindow(n);
        Map<String, Object> doc = n.sample();

        for (String key : List.of("per_trigger")) {
            assertEquals(DEFAULT_BITS, new ArrayList<>(((Map<?, ?>) doc.get(key)).keySet()));
            assertValues(perTrigger(doc, key, "100L"), "", new double[] {10, 29, 499}, 2, 1, counts(100, 2, 5, 99),
                    0, 0);
            assertValues(perTrigger(doc, key, "100M"), "", new double[] {29, 499}, 1, 1, counts(100, 5, 99), 0, 0);
            assertValues(perTrigger(doc, key, "20"), "", new double[] {500}, 0, 1, counts(100), 0, 1);
            assertValues(perTrigger(doc, key, "ESUMH"), "", new double[] {499}, 0, 1, counts(100, 99), 0, 0);
            assertValues(perTrigger(doc, key, "PULGT"), "", new double[] {30}, 0, 1, counts(100, 6), 0, 0);
            assertValues(perTrigger(doc, key, "PED"), "", new double[] {31}, 0, 1, counts(100, 6), 0, 0);
        }
    }

    @Test
    public void theHistogramBinByBinWithItsOwnBinningAndThreshold() {
        NhitMonitor n = nhit("hist.bins", 4, "hist.max", 8, "nhit.threshold", 3, "per.trigger", new String[0]);
        for (int hits : new int[] {0, 1, 2, 3, 7, 8, 5}) {
            n.event(event(1, 1 + hits, N100L, 10 * hits, hits, 1));
        }
        Map<String, Object> doc = n.sample();
        assertArrayEquals(new double[] {0, 2, 4, 6, 8}, edges(doc, "hist"), 0);
        assertValues(doc, "", new double[] {0, 1, 2, 3, 7, 8, 5}, 3, 4, new long[] {2, 2, 1, 1}, 0, 1);
        assertEquals(Map.of(), doc.get("per_trigger"));
    }

    @Test
    public void theWindowResetsAtEachSample() {
        NhitMonitor n = nhit();
        firstWindow(n);
        n.sample();
        n.event(event(7, 8, N100L, 800, 12, 0));
        n.event(orphan(7, 2));
        Map<String, Object> doc = n.sample();
        assertEquals(1L, doc.get("orphans"));
        assertValues(doc, "", new double[] {12}, 1, 0, counts(100, 2), 0, 0);
        assertValues(perTrigger(doc, "per_trigger", "100L"), "", new double[] {12}, 1, 0, counts(100, 2), 0, 0);
        assertValues(perTrigger(doc, "per_trigger", "PED"), "", new double[0], 0, 0, counts(100), 0, 0);

        n.event(event(-1, 9, PED, 900, 40, 0)); // run unknown: still run 7
        n.event(event(8, 1, PULGT, 10, 60, 0)); // run 8
        n.event(event(8, 2, PED, 20, 3, 0));
        doc = n.sample();
        assertValues(doc, "", new double[] {40, 60, 3}, 1, 2, counts(100, 8, 12, 0), 0, 0);
    }

    @Test
    public void anUpgradeKeepsTheRunAndTheUnsampledWindowAndReplacesTheSuccessorsState() {
        NhitMonitor old = nhit();
        firstWindow(old);
        old.sample();
        old.event(event(7, 8, N100L, 800, 12, 0)); // not sampled before the upgrade

        NhitMonitor next = nhit();
        next.event(event(7, 50, N100L, 1, 77, 0)); // the successor's own past must go
        next.event(orphan(7, 1));
        next.takeover(Handoff.copy(old.handoff()));
        next.event(event(7, 9, PULGT, 900, 45, 0));
        Map<String, Object> doc = next.sample();

        assertEquals(0L, doc.get("orphans"));
        assertValues(doc, "", new double[] {12, 45}, 1, 1, counts(100, 2, 9), 0, 0);
        assertValues(perTrigger(doc, "per_trigger", "100L"), "", new double[] {12}, 1, 0, counts(100, 2), 0, 0);
        assertValues(perTrigger(doc, "per_trigger", "PULGT"), "", new double[] {45}, 0, 1, counts(100, 9), 0, 0);
    }

    @Test
    public void aNewBinningDropsTheHistogramsAndKeepsTheRest() {
        NhitMonitor old = nhit();
        firstWindow(old);
        NhitMonitor next = nhit("hist.bins", 50, "hist.max", 1000);
        next.takeover(Handoff.copy(old.handoff()));
        next.event(event(7, 8, N100L, 800, 12, 0));
        Map<String, Object> doc = next.sample();

        double[] all = {10, 29, 30, 31, 499, 500, 1000, 12};
        // bins of 20 up to 1000: only the event after the change is in the histogram
        Map<?, ?> hist = (Map<?, ?>) doc.get("hist");
        assertArrayEquals(counts(50, 0), (long[]) hist.get("counts"));
        assertEquals(1L, hist.get("entries"));
        assertEquals(all.length + 0L, doc.get("events"));
        Map<?, ?> nhitMoments = (Map<?, ?>) doc.get("nhit");
        assertEquals(mean(all), (Double) nhitMoments.get("mean"), 1e-5 * mean(all));
        assertEquals(rms(all), (Double) nhitMoments.get("rms"), 1e-5 * rms(all));
        assertEquals(3L, doc.get("below"));
        assertEquals(5L, doc.get("above"));
        Map<String, Object> l = perTrigger(doc, "per_trigger", "100L");
        assertEquals(4L, l.get("events"));
        assertArrayEquals(counts(50, 0), (long[]) ((Map<?, ?>) l.get("hist")).get("counts"));
    }

    @Test
    public void aNewThresholdStartsTheCountsBelowAndAboveAgainAndKeepsTheRest() {
        NhitMonitor old = nhit();
        firstWindow(old);
        NhitMonitor next = nhit("nhit.threshold", 100);
        next.takeover(Handoff.copy(old.handoff()));
        next.event(event(7, 8, N100L, 800, 12, 0));
        Map<String, Object> doc = next.sample();
        assertEquals(100, doc.get("threshold"));
        // the counts below and above 100 start with the first event after the change
        assertValues(doc, "", new double[] {10, 29, 30, 31, 499, 500, 1000, 12}, 1, 0,
                counts(100, 2, 5, 6, 6, 99, 2), 0, 2);
    }

    @Test
    public void anotherListOfBitsKeepsTheBitsItStillHas() {
        NhitMonitor old = nhit();
        firstWindow(old);
        NhitMonitor next = nhit("per.trigger", new String[] {"PED,EXTA"});
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(List.of("PED", "EXTA"), new ArrayList<>(((Map<?, ?>) doc.get("per_trigger")).keySet()));
        assertValues(perTrigger(doc, "per_trigger", "PED"), "", new double[] {31}, 0, 1, counts(100, 6), 0, 0);
        // EXTA was not followed before: it starts empty, although an EXTA event went by
        assertValues(perTrigger(doc, "per_trigger", "EXTA"), "", new double[0], 0, 0, counts(100), 0, 0);
    }

    @Test
    public void aRunThatStartedInTheUnsampledWindowCrossesTheUpgradeAsItIs() {
        NhitMonitor old = nhit();
        firstWindow(old);
        old.event(event(8, 1, PED, 10, 40, 0));
        NhitMonitor next = nhit();
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(1L, doc.get("orphans"));
        assertEquals(8L, doc.get("events"));
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        NhitMonitor n = nhit();
        firstWindow(n);
        n.takeover(List.of(1L, 2L));
        Map<String, Object> doc = n.sample();
        assertValues(doc, "", new double[0], 0, 0, counts(100), 0, 0);
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKey() {
        Configs.assertRejected("bad configuration: nhit.threshold must be between 1 and 10000, not 0",
                () -> nhit("nhit.threshold", 0));
        Configs.assertRejected("bad configuration: hist.bins must be between 1 and 10000, not 0",
                () -> nhit("hist.bins", 0));
        Configs.assertRejected("bad configuration: hist.max must be between 1 and 10000, not -5",
                () -> nhit("hist.max", -5));
        Configs.assertRejected("bad configuration: hist.max 333 must be a multiple of hist.bins (100)",
                () -> nhit("hist.max", 333));
        Configs.assertRejected("bad configuration: per.trigger \"100X\" is not a trigger bit",
                () -> nhit("per.trigger", new String[] {"100L,100X"}));
        Configs.assertRejected("bad configuration: per.trigger names 100L twice",
                () -> nhit("per.trigger", new String[] {"100L", "N100L"}));
    }

    @Test
    public void handoffIsPlainData() {
        NhitMonitor n = nhit();
        firstWindow(n);
        Object copy = Handoff.copy(n.handoff());
        assertEquals(copy, Handoff.copy(copy));
    }

    @Test
    public void eventAllocatesNothing() {
        NhitMonitor n = nhit();
        PmtEvent[] evs = {event(7, 1, N100L | N100M | N20, 1000, 30, 3), event(7, 2, PULGT, 2000, 9, 1),
            orphan(7, 4), event(8, 3, ESUMH | PED, 3000, 300, 0)};
        for (int i = 0; i < 20_000; i++) {
            n.event(evs[i & 3]);
        }
        long before = PmtEvents.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            n.event(evs[i & 3]);
        }
        long allocated = PmtEvents.allocatedBytes() - before;
        assertTrue(allocated + " bytes allocated by 100000 events", allocated < 10_000);
    }

    @Test
    public void theDemoZdabEventAgreesWithItsHits() throws Exception {
        NhitMonitor n = nhit();
        List<PmtEvent> events = new ArrayList<>();
        try (ZdabFile zdab = ZdabFile.open(SharedData.demoZdab())) {
            for (Object r; (r = zdab.next()) != null;) {
                if (r instanceof PmtEvent e) {
                    events.add(e);
                    n.event(e);
                }
            }
        }
        assertEquals(1, events.size());
        PmtEvent ev = events.get(0);
        assertEquals(364, ev.nhit());
        // the hits, counted here without the model's help: crate = lcn / 512, card = lcn / 32 % 16
        int pmt = 0;
        for (int i = 0; i < ev.nhit(); i++) {
            int lcn = ev.lcn()[i];
            if (lcn / 512 != 17 || lcn / 32 % 16 != 15) {
                pmt++;
            }
        }
        assertEquals("no hit on the FEC/D card", 364, pmt);

        Map<String, Object> doc = n.sample();
        assertEquals(0L, doc.get("orphans"));
        long[] bins = counts(100, pmt / 5); // bin 72: [360, 365)
        assertValues(doc, "", new double[] {pmt}, 0, 1, bins, 0, 0);
        assertEquals(0.0, (Double) ((Map<?, ?>) doc.get("nhit")).get("rms"), 0);
        for (String bit : DEFAULT_BITS) {
            boolean set = (ev.triggerWord() & (1 << TriggerBits.bit(bit))) != 0;
            assertValues(perTrigger(doc, "per_trigger", bit), "", set ? new double[] {pmt} : new double[0], 0,
                    set ? 1 : 0, set ? bins : counts(100), 0, 0);
        }
        assertEquals(1L, perTrigger(doc, "per_trigger", "100L").get("events"));
        assertEquals(1L, perTrigger(doc, "per_trigger", "20").get("events"));
        assertEquals(0L, perTrigger(doc, "per_trigger", "PULGT").get("events"));
    }
}
