package org.snoplus.snoop.processor.charge.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;

public class ChargeSpectraTest {

    static final int PHYSICS = TriggerBits.N100L | TriggerBits.N20;
    static final int X = Channels.lcn(4, 7, 9);
    static final int Y = Channels.lcn(12, 0, 31);

    static ChargeSpectra charge(Object... config) {
        ChargeSpectra c = new ChargeSpectra();
        c.configure(Configs.of(ChargeConfig.class, config));
        return c;
    }

    /** An event of one word, hits given as {lcn, cell, qhs, qhl, qlx, tac, flags} rows. */
    static PmtEvent event(int word, int[]... hits) {
        PmtEvent e = new PmtEvent(Math.max(1, hits.length));
        e.header(300000, 0, 0, word == 0 ? 0 : 42, word, 0, 0, 0);
        for (int[] h : hits) {
            e.addHit(h[0], h[1], h[2], h[3], h[4], h[5], h.length > 6 ? h[6] : 0);
        }
        return e;
    }

    static int[] hit(int lcn, int cell, int qhs, int qhl, int qlx, int tac) {
        return new int[] {lcn, cell, qhs, qhl, qlx, tac, 0};
    }

    static int[] hit(int lcn, int cell, int qhs, int qhl, int qlx, int tac, int flags) {
        return new int[] {lcn, cell, qhs, qhl, qlx, tac, flags};
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Map<String, Object> m, String key) {
        return (Map<String, Object>) m.get(key);
    }

    static long[] counts(Map<String, Object> doc, String histogram) {
        return (long[]) map(doc, histogram).get("counts");
    }

    /** Per-crate values: counts and sums are long[], the pedestal means double[]; as doubles here. */
    static double[] crates(Map<String, Object> crates, String key) {
        Object v = map(crates, key).get("values");
        return v instanceof long[] l ? java.util.Arrays.stream(l).asDoubleStream().toArray() : (double[]) v;
    }

    /** A crate's mean of {@code key}: its sum over its hits. */
    static double mean(Map<String, Object> crates, String key, int crate) {
        assertTrue(map(crates, key).get("values") instanceof long[]);
        return crates(crates, key)[crate] / crates(crates, "hits")[crate];
    }

    /** Ten pedestal hits on X cell 3: QHS 500 and 502 by turns (mean 501), QHL 600, QLX 700 without LGI select. */
    static void pedestalsOnX(ChargeSpectra c, int n) {
        for (int i = 0; i < n; i++) {
            c.event(event(TriggerBits.PED, hit(X, 3, 500 + 2 * (i % 2), 600, 700, 1800)));
        }
    }

    @Test
    public void receivesEverythingForPedestalSettings() {
        assertSame(Object.class, charge().eventType());
        charge().event("a header it does not know"); // ignored
    }

    @Test
    public void spectraCountEveryPmtHitInItsBin() {
        ChargeSpectra c = charge("adc.bins", 4096);
        c.event(event(PHYSICS, hit(X, 0, 100, 200, 300, 4095), hit(Y, 1, 100, 201, 0, 1500)));
        c.event(event(TriggerBits.OWLN, hit(X, 2, 2000, 200, 300, 1500)));
        Map<String, Object> s = c.sample();
        assertEquals(2L, s.get("events"));
        assertEquals(3L, s.get("hits"));
        long[] qhs = counts(s, "qhs");
        assertEquals(4096, qhs.length);
        assertEquals(2, qhs[100]);
        assertEquals(1, qhs[2000]);
        assertEquals(3L, map(s, "qhs").get("entries"));
        assertEquals(2, counts(s, "qhl")[200]);
        assertEquals(1, counts(s, "qhl")[201]);
        assertEquals(1, counts(s, "qlx")[0]);
        assertEquals(2, counts(s, "qlx")[300]);
        assertEquals(1, counts(s, "tac")[4095]);
        assertEquals(2, counts(s, "tac")[1500]);
        assertEquals(0L, map(s, "tac").get("overflow"));
        double[] edges = (double[]) map(s, "tac").get("edges");
        assertEquals(0.0, edges[0], 0);
        assertEquals(4096.0, edges[4096], 0);
        // the next window starts empty
        Map<String, Object> next = c.sample();
        assertEquals(0L, map(next, "qhs").get("entries"));
        assertEquals(0L, next.get("events"));
    }

    @Test
    public void defaultBinningIsEightCountsWide() {
        ChargeSpectra c = charge();
        c.event(event(PHYSICS, hit(X, 0, 7, 8, 4095, 16)));
        Map<String, Object> s = c.sample();
        assertEquals(512, counts(s, "qhs").length);
        assertEquals(1, counts(s, "qhs")[0]);
        assertEquals(1, counts(s, "qhl")[1]);
        assertEquals(1, counts(s, "qlx")[511]);
        assertEquals(1, counts(s, "tac")[2]);
    }

    @Test
    public void crateSumsAndHitsArePerCrate() {
        ChargeSpectra c = charge();
        c.event(event(PHYSICS, hit(X, 0, 100, 1000, 10, 2000), hit(Channels.lcn(4, 0, 0), 5, 300, 3000, 30, 1000),
                hit(Y, 0, 50, 500, 5, 500)));
        Map<String, Object> cr = map(c.sample(), "crates");
        double[] hits = crates(cr, "hits");
        assertEquals(2.0, hits[4], 0);
        assertEquals(1.0, hits[12], 0);
        assertEquals(200.0, mean(cr, "qhs", 4), 0);
        assertEquals(2000.0, mean(cr, "qhl", 4), 0);
        assertEquals(20.0, mean(cr, "qlx", 4), 0);
        assertEquals(1500.0, mean(cr, "tac", 4), 0);
        assertEquals(50.0, mean(cr, "qhs", 12), 0);
        assertEquals(400.0, crates(cr, "qhs")[4], 0); // the sum of the crate's QHS
        assertEquals(0.0, crates(cr, "qhs")[0], 0);
    }

    @Test
    public void fecdHitsAndOrphansAndPedestalEventsStayOutOfTheSpectra() {
        ChargeSpectra c = charge();
        int fecd = Channels.lcn(Channels.FECD_CRATE, Channels.FECD_CARD, 3);
        c.event(event(PHYSICS, hit(fecd, 0, 100, 100, 100, 100)));
        c.event(event(0, hit(X, 0, 100, 100, 100, 100))); // orphan
        c.event(event(TriggerBits.PED, hit(X, 0, 100, 100, 100, 100)));
        c.event(event(TriggerBits.PED | TriggerBits.N100L, hit(X, 0, 100, 100, 100, 100)));
        Map<String, Object> s = c.sample();
        assertEquals("PED", map(s, "selection").get("veto"));
        assertEquals(1L, s.get("events")); // the FEC/D-only event is selected, its hit is not a PMT's
        assertEquals(0L, s.get("hits"));
        assertEquals(0L, map(s, "qhs").get("entries"));
        assertEquals(0.0, crates(map(s, "crates"), "hits")[Channels.FECD_CRATE], 0);
        Map<String, Object> p = map(s, "pedestals");
        assertEquals(2L, p.get("events"));
        assertEquals(2L, p.get("hits"));
    }

    @Test
    public void pedestalEventsMakeTheTableAndPhysicsHitsAreSubtractedBinByBin() {
        ChargeSpectra c = charge(); // -100..400 in 250 bins of 2 counts, pedestal.min 10
        pedestalsOnX(c, 9);
        c.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000)));
        Map<String, Object> s = c.sample();
        assertEquals("9 pedestal hits are not enough", 0L, s.get("subtracted"));
        assertEquals(0L, map(s, "qhs_minus_ped").get("entries"));
        assertEquals(0L, map(s, "pedestals").get("cells"));

        c.event(event(TriggerBits.PED, hit(X, 3, 502, 600, 700, 1800))); // the tenth: mean QHS 5010 / 10
        c.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000), hit(X, 4, 531, 650, 720, 2000),
                hit(Y, 3, 531, 650, 720, 2000)));
        c.event(event(PHYSICS, hit(X, 3, 380, 600, 1300, 2000)));
        s = c.sample();
        assertEquals(2L, s.get("subtracted")); // cell 4 of X and channel Y have no pedestal
        long[] qhs = new long[250];
        qhs[(30 + 100) / 2]++; // 531 - 501
        long[] qhl = new long[250];
        qhl[(50 + 100) / 2]++; // 650 - 600
        qhl[(0 + 100) / 2]++; // 600 - 600
        long[] qlx = new long[250];
        qlx[(20 + 100) / 2]++; // 720 - 700; 1300 - 700 overflows
        assertArrayEquals(qhs, counts(s, "qhs_minus_ped"));
        assertEquals(1L, map(s, "qhs_minus_ped").get("underflow")); // 380 - 501 = -121
        assertArrayEquals(qhl, counts(s, "qhl_minus_ped"));
        assertArrayEquals(qlx, counts(s, "qlx_minus_ped"));
        assertEquals(1L, map(s, "qlx_minus_ped").get("overflow"));
        double[] edges = (double[]) map(s, "qhs_minus_ped").get("edges");
        assertEquals(-100.0, edges[0], 0);
        assertEquals(400.0, edges[250], 0);
        Map<String, Object> p = map(s, "pedestals");
        assertEquals(1L, p.get("cells"));
        assertEquals(1L, p.get("cells.qlx"));
        assertEquals(501.0, crates(map(p, "crates"), "qhs")[4], 1e-12);
        assertEquals(600.0, crates(map(p, "crates"), "qhl")[4], 1e-12);
        assertEquals(700.0, crates(map(p, "crates"), "qlx")[4], 1e-12);
    }

    @Test
    public void qlxIsSubtractedOnlyWithAPedestalOfTheSameLgiSelect() {
        ChargeSpectra c = charge("pedestal.min", 1);
        pedestalsOnX(c, 2); // QLX pedestals without LGI select
        c.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000, PmtEvent.HIT_LGI_SELECT)));
        Map<String, Object> s = c.sample();
        assertEquals(1L, map(s, "qhs_minus_ped").get("entries"));
        assertEquals(0L, map(s, "qlx_minus_ped").get("entries"));
    }

    @Test
    public void hitsOfPedestalEventsAreNeverSubtracted() {
        ChargeSpectra c = charge("veto", new String[] {""}, "pedestal.min", 1);
        pedestalsOnX(c, 3);
        Map<String, Object> s = c.sample();
        assertEquals(3L, map(s, "qhs").get("entries")); // selected: no veto
        assertEquals(0L, map(s, "qhs_minus_ped").get("entries"));
    }

    @Test
    public void newPedestalWidthOrDelayEmptiesTheTablesAndTheSettingsAreReported() {
        ChargeSpectra c = charge("pedestal.min", 1);
        pedestalsOnX(c, 1);
        c.event(new PedestalSettings(50, 100, 0, 0, 0, 0, 1000, 0)); // the first: keeps the table
        Map<String, Object> p = map(c.sample(), "pedestals");
        assertEquals(1L, p.get("cells"));
        assertEquals(0L, p.get("resets"));
        Map<String, Object> settings = map(p, "settings");
        assertEquals(50, settings.get("width"));
        assertEquals(100, settings.get("coarse.delay"));
        assertEquals(1000, settings.get("gtid"));

        c.event(new PedestalSettings(50, 100, 0, 7, 3, 3, 2000, 1)); // other DAC, type, flag: same pedestals
        p = map(c.sample(), "pedestals");
        assertEquals(1L, p.get("cells"));
        assertEquals(3, map(p, "settings").get("calibration.type"));
        assertEquals(7, map(p, "settings").get("charge.dac"));
        assertEquals(1, map(p, "settings").get("flag"));

        c.event(new PedestalSettings(50, 100, 5, 7, 3, 3, 3000, 2)); // fine delay changed
        p = map(c.sample(), "pedestals");
        assertEquals(0L, p.get("cells"));
        assertEquals(1L, p.get("resets"));
        c.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000)));
        assertEquals(0L, c.sample().get("subtracted"));

        pedestalsOnX(c, 1);
        c.event(new PedestalSettings(60, 100, 5, 7, 3, 3, 4000, 2)); // width changed
        assertEquals(0L, map(c.sample(), "pedestals").get("cells"));
        pedestalsOnX(c, 1);
        c.event(new PedestalSettings(60, 101, 5, 7, 3, 3, 5000, 2)); // coarse delay changed
        assertEquals(0L, map(c.sample(), "pedestals").get("cells"));
    }

    @Test
    public void noSettingsAreReportedAsNull() {
        Map<String, Object> p = map(charge().sample(), "pedestals");
        assertTrue(p.containsKey("settings"));
        assertNull(p.get("settings"));
    }

    @Test
    public void aNewInstanceTakesOverPedestalsSettingsAndTheUnsampledWindow() {
        ChargeSpectra old = charge();
        pedestalsOnX(old, 10);
        old.event(new PedestalSettings(50, 100, 0, 0, 0, 3, 1000, 1));
        old.sample();
        old.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000)));
        Object state = Handoff.copy(old.handoff());

        ChargeSpectra next = charge();
        next.event(event(PHYSICS, hit(Y, 0, 100, 100, 100, 100))); // ran before: replaced, not added to
        next.takeover(state);
        next.event(event(PHYSICS, hit(X, 3, 541, 650, 720, 2000))); // subtracted with the pedestals taken over
        Map<String, Object> s = next.sample();
        assertEquals(2L, s.get("events"));
        assertEquals(2L, s.get("hits"));
        assertEquals(2L, s.get("subtracted"));
        long[] qhs = new long[250];
        qhs[(30 + 100) / 2]++;
        qhs[(40 + 100) / 2]++;
        assertArrayEquals(qhs, counts(s, "qhs_minus_ped"));
        assertEquals(0.0, crates(map(s, "crates"), "hits")[12], 0);
        assertEquals(2.0, crates(map(s, "crates"), "hits")[4], 0);
        assertEquals(536.0, mean(map(s, "crates"), "qhs", 4), 0);
        Map<String, Object> p = map(s, "pedestals");
        assertEquals(1L, p.get("cells"));
        assertEquals(3, map(p, "settings").get("calibration.type"));
        assertEquals(0L, p.get("events")); // those were sampled before the handoff
    }

    @Test
    public void anotherBinningDropsOnlyTheHistogramsOfThatBinning() {
        ChargeSpectra old = charge("pedestal.min", 1);
        pedestalsOnX(old, 1);
        old.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000)));
        ChargeSpectra next = charge("pedestal.min", 1, "adc.bins", 4096);
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> s = next.sample();
        assertEquals(0L, map(s, "qhs").get("entries")); // other binning: dropped
        assertEquals(1L, map(s, "qhs_minus_ped").get("entries")); // same binning: kept
        assertEquals(1L, s.get("events"));
        assertEquals(1L, map(s, "pedestals").get("cells"));
    }

    @Test
    public void anotherTriggerSelectionDropsTheWindowButKeepsThePedestals() {
        ChargeSpectra old = charge("pedestal.min", 1);
        pedestalsOnX(old, 1);
        old.event(event(PHYSICS, hit(X, 3, 531, 650, 720, 2000)));
        ChargeSpectra next = charge("pedestal.min", 1, "triggers", new String[] {"PULGT"});
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> s = next.sample();
        assertEquals(0L, s.get("events"));
        assertEquals(0L, map(s, "qhs_minus_ped").get("entries"));
        assertEquals(1L, map(s, "pedestals").get("cells"));
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        ChargeSpectra c = charge("pedestal.min", 1);
        pedestalsOnX(c, 1);
        c.takeover(Map.of("pedestals", Map.of("cells", 3L, "count", "AAAA"), "window", "x"));
        Map<String, Object> s = c.sample();
        assertEquals(0L, map(s, "pedestals").get("cells"));
        assertEquals(0L, map(s, "pedestals").get("hits"));
        c.takeover(null);
        assertNull(map(c.sample(), "pedestals").get("settings"));
    }

    @Test
    public void pedestalTablesRoundTripThroughText() {
        PedestalTable t = new PedestalTable();
        t.add(PedestalTable.index(9727, 15), true, 4095, 4094, 4093);
        t.add(PedestalTable.index(0, 0), false, 1, 2, 3);
        PedestalTable u = new PedestalTable();
        assertTrue(u.restore(Handoff.copy(t.toState())));
        assertArrayEquals(t.table, u.table);
        assertEquals(1, u.qlxCount(PedestalTable.index(9727, 15), true));
        assertEquals(0, u.qlxCount(PedestalTable.index(9727, 15), false));
        assertEquals(1, u.count(PedestalTable.index(0, 0)));
        assertEquals(4095, u.table[PedestalTable.index(9727, 15) * PedestalTable.SLOT + PedestalTable.QHS]);
        assertTrue(new PedestalTable().restore(t.toState())); // the strings as they are
    }

    @Test
    public void badConfigurationNamesTheKey() {
        Configs.assertRejected("bad configuration: adc.bins must be between 1 and 4096", () -> charge("adc.bins", 0));
        Configs.assertRejected("bad configuration: adc.bins must be between 1 and 4096",
                () -> charge("adc.bins", 4097));
        Configs.assertRejected("bad configuration: subtracted.bins must be between 1 and 100000",
                () -> charge("subtracted.bins", -5));
        Configs.assertRejected("bad configuration: subtracted.min must be a number",
                () -> charge("subtracted.min", Double.NEGATIVE_INFINITY));
        Configs.assertRejected("bad configuration: subtracted.max must be above subtracted.min",
                () -> charge("subtracted.min", 10.0, "subtracted.max", 10.0));
        Configs.assertRejected("bad configuration: pedestal.min must be at least 1", () -> charge("pedestal.min", 0));
        Configs.assertRejected("bad configuration: triggers holds 'PEDS'",
                () -> charge("triggers", new String[] {"PEDS"}));
        Configs.assertRejected("bad configuration: triggers are all vetoed", () -> charge("triggers",
                new String[] {"PED"}));
        Configs.assertRejected("bad configuration: veto holds 'x'", () -> charge("veto", new String[] {"x"}));
    }

    @Test
    public void eventAllocatesNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Object[] events = new Object[64];
        for (int i = 0; i < events.length; i++) {
            int n = 1 + 37 * i % 500;
            int[][] hits = new int[n][];
            for (int h = 0; h < n; h++) {
                int lcn = h * 7919 % Channels.COUNT; // the same channels in every event: pedestals get used
                hits[h] = hit(lcn, h & 15, 400 + h % 300, 500, 600 + h % 7, 1000 + h, h % 3 == 0 ? 8 : 0);
            }
            events[i] = i % 4 == 0 ? event(TriggerBits.PED, hits) : event(i % 13 == 0 ? 0 : PHYSICS, hits);
        }
        events[63] = new PedestalSettings(50, 100, 0, 0, 0, 0, 1, 0);
        ChargeSpectra c = charge("pedestal.min", 2);
        for (int i = 0; i < 300_000; i++) {
            c.event(events[i & 63]);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            c.event(events[i & 63]);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue("event() allocated " + allocated + " bytes over 100000 events", allocated < 256);
        assertTrue("the subtracted spectra were exercised", c.sample().get("subtracted") instanceof Long n && n > 0);
    }
}
