package org.snoplus.snoop.processor.triggers.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.sno.TriggerBits.ESUMH;
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
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.zdab.ZdabFile;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;
import org.snoplus.snoop.testing.PmtEvents;

public class TriggerCountsTest {

    private static final double EPS = 1e-9;
    private static final int B100L = 0;
    private static final int B100M = 1;
    private static final int BESUMH = 6;
    private static final int BPULGT = 10;

    private static TriggerCounts triggers(Object... config) {
        TriggerCounts t = new TriggerCounts();
        t.configure(Configs.of(TriggersConfig.class, config));
        return t;
    }

    /** Window 1 of run 7: four triggered events 0.4 ms apart in all, and an orphan. */
    private static void firstWindow(TriggerCounts t) {
        t.event(event(7, 1, N100L | N100M, 1000, 10, 0));
        t.event(event(7, 2, N100L, 2000, 20, 2)); // two FEC/D hits: NHIT is 20
        t.event(event(7, 3, PULGT, 3000, 5, 0));
        t.event(orphan(7, 3));
        t.event(event(7, 5, N100M | ESUMH, 5000, 40, 0));
    }

    /**
     * The bits of the document as rows {@code bit, name, count, rate, fraction, nhit_mean, nhit_rms}:
     * the rate and the fraction as a page derives them from the counts.
     */
    @SuppressWarnings("unchecked")
    private static List<List<Object>> rows(Map<String, Object> doc) {
        Map<String, Object> bits = (Map<String, Object>) doc.get("bits");
        assertEquals(TriggerBits.COUNT, bits.size());
        long events = (Long) doc.get("events");
        double seconds = (Double) doc.get("seconds");
        List<List<Object>> rows = new ArrayList<>();
        int b = 0;
        for (Map.Entry<String, Object> e : bits.entrySet()) {
            assertEquals(TriggerBits.name(b), e.getKey());
            Map<String, Object> bit = (Map<String, Object>) e.getValue();
            long count = (Long) bit.get("count");
            Map<String, Object> nhit = (Map<String, Object>) bit.get("nhit");
            assertEquals("moments", nhit.get("shape"));
            assertEquals(count, nhit.get("count"));
            List<Object> row = new ArrayList<>();
            row.add(b);
            row.add(e.getKey());
            row.add(count);
            row.add(seconds > 0 ? count / seconds : null);
            row.add(events > 0 ? (double) count / events : null);
            row.add(nhit.get("mean"));
            row.add(nhit.get("rms"));
            rows.add(row);
            b++;
        }
        return rows;
    }

    /** Row {@code bit}: count, rate, fraction, mean and RMS of NHIT; a null expectation means null. */
    private static void assertRow(List<List<Object>> rows, int bit, long count, Double rate, Double fraction,
            Double mean, Double rms) {
        List<Object> row = rows.get(bit);
        String what = TriggerBits.name(bit);
        assertEquals(what, bit, ((Number) row.get(0)).intValue());
        assertEquals(what, TriggerBits.name(bit), row.get(1));
        assertEquals(what + " count", count, row.get(2));
        assertNumber(what + " rate", rate, row.get(3));
        assertNumber(what + " fraction", fraction, row.get(4));
        assertNumber(what + " nhit_mean", mean, row.get(5));
        assertNumber(what + " nhit_rms", rms, row.get(6));
    }

    private static void assertNumber(String what, Double expected, Object actual) {
        if (expected == null) {
            assertNull(what, actual);
        } else {
            assertTrue(what + " is " + actual, actual instanceof Double);
            // six significant digits in the document
            assertEquals(what, expected, (Double) actual, 1e-5 * Math.max(1, Math.abs(expected)));
        }
    }

    @Test
    public void receivesPmtEventsOnly() {
        assertSame(PmtEvent.class, triggers().eventType());
    }

    @Test
    public void everyBitOfTheWindowWithRateFractionAndNhit() {
        TriggerCounts t = triggers();
        firstWindow(t);
        Map<String, Object> doc = t.sample();

        assertEquals(4L, doc.get("events"));
        assertEquals(1L, doc.get("orphans"));
        assertEquals(4e-4, (Double) doc.get("seconds"), EPS); // 1000 -> 5000 ticks of 100 ns
        List<List<Object>> rows = rows(doc);
        // 100L: NHIT 10 and 20 (the FEC/D hits left out): mean 15, RMS 5; 2 in 0.4 ms = 5 kHz
        assertRow(rows, B100L, 2, 5000.0, 0.5, 15.0, 5.0);
        // 100M: NHIT 10 and 40
        assertRow(rows, B100M, 2, 5000.0, 0.5, 25.0, 15.0);
        assertRow(rows, BPULGT, 1, 2500.0, 0.25, 5.0, 0.0);
        assertRow(rows, BESUMH, 1, 2500.0, 0.25, 40.0, 0.0);
        for (int b = 0; b < TriggerBits.COUNT; b++) {
            if (b != B100L && b != B100M && b != BPULGT && b != BESUMH) {
                assertRow(rows, b, 0, 0.0, 0.0, null, null);
            }
        }
        assertEquals(2.0, (Double) doc.get("ratio_100M_PULGT"), EPS);
        assertEquals(1.0, (Double) doc.get("ratio_ESUMH_PULGT"), EPS);
    }

    @Test
    public void theWindowResetsAtEachSample() {
        TriggerCounts t = triggers();
        firstWindow(t);
        t.sample();
        t.event(event(7, 6, N100L, 6000, 12, 0));
        Map<String, Object> doc = t.sample();

        // the window's time runs from the previous window's last event: 1000 ticks
        assertEquals(1L, doc.get("events"));
        assertEquals(0L, doc.get("orphans"));
        assertEquals(1e-4, (Double) doc.get("seconds"), EPS);
        List<List<Object>> rows = rows(doc);
        assertRow(rows, B100L, 1, 10000.0, 1.0, 12.0, 0.0);
        assertRow(rows, B100M, 0, 0.0, 0.0, null, null);
        assertNull("no PULGT in the window", doc.get("ratio_100M_PULGT"));
        assertTrue(doc.containsKey("ratio_100M_PULGT"));
        assertNull(doc.get("ratio_ESUMH_PULGT"));


        Map<String, Object> empty = t.sample();
        assertEquals(0L, empty.get("events"));
        assertEquals(0.0, empty.get("seconds"));
        assertRow(rows(empty), B100L, 0, null, null, null, null);
    }

    @Test
    public void aNewRunDoesNotStepTheClockAcrossRuns() {
        TriggerCounts t = triggers();
        firstWindow(t);
        t.event(event(8, 100, PULGT, 900_000, 7, 0)); // another run, its clock elsewhere
        t.event(event(8, 101, N100L, 901_000, 9, 0));
        Map<String, Object> doc = t.sample();

        assertEquals(6L, doc.get("events"));
        // no step across the runs: 4000 + 1000 ticks
        assertEquals(5e-4, (Double) doc.get("seconds"), EPS);
        assertRow(rows(doc), B100L, 3, 6000.0, 0.5, 13.0, Math.sqrt(((9 - 13) * (9 - 13) + 9 + 49) / 3.0));
    }

    @Test
    public void eventsOfAnUnknownRunBelongToTheCurrentOne() {
        TriggerCounts t = triggers();
        t.event(event(7, 1, N100L, 1000, 10, 0));
        t.event(event(-1, 2, N100L, 2000, 10, 0));
        assertEquals("the clock steps between them", 1e-4, (Double) t.sample().get("seconds"), EPS);
    }

    @Test
    public void theClockWrapsAt53BitsAndAStepBackCountsNothing() {
        TriggerCounts t = triggers();
        long top = (1L << 53) - 500;
        t.event(event(7, 1, N20, top, 10, 0));
        t.event(event(7, 2, N20, 500, 10, 0)); // 1000 ticks later, wrapped
        t.event(event(7, 3, N20, 200, 10, 0)); // a glitch backwards: no time
        t.event(event(7, 4, N20, 1200, 10, 0));
        Map<String, Object> doc = t.sample();
        assertEquals(2e-4, (Double) doc.get("seconds"), EPS);
        assertRow(rows(doc), 3, 4, 20000.0, 1.0, 10.0, 0.0);
    }

    @Test
    public void anUpgradeKeepsTheRunAndTheUnsampledWindowAndReplacesTheSuccessorsState() {
        TriggerCounts old = triggers();
        firstWindow(old);
        old.sample();
        old.event(event(7, 6, N100L, 6000, 12, 0)); // not sampled before the upgrade

        TriggerCounts next = triggers();
        // the successor ran before (a rollback makes an old instance live again): its counts must go
        next.event(event(7, 50, PED, 1, 99, 0));
        next.event(event(7, 51, PED, 2, 99, 0));
        next.takeover(Handoff.copy(old.handoff()));
        next.event(event(7, 7, PULGT, 7000, 6, 0)); // continues the clock of the old one
        Map<String, Object> doc = next.sample();

        assertEquals(2L, doc.get("events"));
        assertEquals(2e-4, (Double) doc.get("seconds"), EPS);
        List<List<Object>> rows = rows(doc);
        assertRow(rows, B100L, 1, 5000.0, 0.5, 12.0, 0.0);
        assertRow(rows, BPULGT, 1, 5000.0, 0.5, 6.0, 0.0);
        assertRow(rows, 12, 0, 0.0, 0.0, null, null);
        assertEquals(0.0, (Double) doc.get("ratio_100M_PULGT"), EPS);

    }

    @Test
    public void aReconfigurationKeepsTheCountsAndChangesOnlyTheRatios() {
        TriggerCounts old = triggers();
        firstWindow(old);
        TriggerCounts next = triggers("ratios", new String[] {"100L/100M"});
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(1.0, (Double) doc.get("ratio_100L_100M"), EPS);
        assertTrue(!doc.containsKey("ratio_100M_PULGT"));
        assertRow(rows(doc), B100M, 2, 5000.0, 0.5, 25.0, 15.0);
    }

    @Test
    public void aRunOfAnotherNumberAfterTheUpgradeStartsAfresh() {
        TriggerCounts old = triggers();
        firstWindow(old);
        TriggerCounts next = triggers();
        next.takeover(Handoff.copy(old.handoff()));
        next.event(event(9, 1, N100L, 10, 1, 0));
        Map<String, Object> doc = next.sample();
        assertEquals(5L, doc.get("events"));
        assertEquals("no step from the old run's clock", 4e-4, (Double) doc.get("seconds"), EPS);
    }

    @Test
    public void aRunThatStartedInTheUnsampledWindowCrossesTheUpgradeAsItIs() {
        TriggerCounts old = triggers();
        firstWindow(old);
        old.event(event(8, 100, PULGT, 900_000, 7, 0));
        TriggerCounts next = triggers();
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(5L, doc.get("events"));
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        TriggerCounts t = triggers();
        firstWindow(t);
        t.takeover("not a map");
        Map<String, Object> doc = t.sample();
        assertEquals(0L, doc.get("events"));
        assertRow(rows(doc), B100L, 0, null, null, null, null);
    }

    @Test
    public void ratiosAreConfigurableAndReadFromOneStringOrAList() {
        TriggerCounts t = triggers("ratios", new String[] {" N100L / PED, 20/PULGT", "ESUMH/100M"});
        t.event(event(7, 1, N100L | N20 | PED, 1000, 10, 0));
        t.event(event(7, 2, PED | PULGT | N100M, 1000, 10, 0));
        Map<String, Object> doc = t.sample();
        assertEquals(0.5, (Double) doc.get("ratio_100L_PED"), EPS);
        assertEquals(1.0, (Double) doc.get("ratio_20_PULGT"), EPS);
        assertEquals(0.0, (Double) doc.get("ratio_ESUMH_100M"), EPS);
        assertTrue(!doc.containsKey("ratio_100M_PULGT"));
        TriggerCounts none = triggers("ratios", new String[0]);
        for (String key : none.sample().keySet()) {
            assertTrue(key, !key.startsWith("ratio"));
        }
    }

    @Test
    public void badRatiosAreRejectedNamingTheKey() {
        Configs.assertRejected("bad configuration: ratios \"100X\" is not a trigger bit",
                () -> triggers("ratios", new String[] {"100X/PULGT"}));
        Configs.assertRejected("bad configuration: ratios \"100M\" is not NUMERATOR/DENOMINATOR",
                () -> triggers("ratios", new String[] {"100M"}));
        Configs.assertRejected("bad configuration: ratios \"100M/PULGT/PED\" is not NUMERATOR/DENOMINATOR",
                () -> triggers("ratios", new String[] {"100M/PULGT/PED"}));
        Configs.assertRejected("bad configuration: ratios \"/PULGT\" is not",
                () -> triggers("ratios", new String[] {"/PULGT"}));
        Configs.assertRejected("bad configuration: ratios names N100M/PULGT twice",
                () -> triggers("ratios", new String[] {"100M/PULGT,N100M/PULGT"}));
    }

    @Test
    public void handoffIsPlainData() {
        TriggerCounts t = triggers();
        firstWindow(t);
        assertEquals(Handoff.copy(t.handoff()), Handoff.copy(Handoff.copy(t.handoff())));
    }

    @Test
    public void eventAllocatesNothing() {
        TriggerCounts t = triggers();
        PmtEvent[] evs = {event(7, 1, N100L | N100M | N20, 1000, 30, 3), event(7, 2, PULGT, 2000, 9, 1),
            orphan(7, 4), event(8, 3, ESUMH | PED, 3000, 300, 0)};
        for (int i = 0; i < 20_000; i++) {
            t.event(evs[i & 3]);
        }
        long before = PmtEvents.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            t.event(evs[i & 3]);
        }
        long allocated = PmtEvents.allocatedBytes() - before;
        assertTrue(allocated + " bytes allocated by 100000 events", allocated < 10_000);
    }

    @Test
    public void theDemoZdabEvent() throws Exception {
        TriggerCounts t = triggers();
        List<PmtEvent> events = new ArrayList<>();
        try (ZdabFile zdab = ZdabFile.open(SharedData.demoZdab())) {
            for (Object r; (r = zdab.next()) != null;) {
                if (r instanceof PmtEvent e) {
                    events.add(e);
                    t.event(e);
                }
            }
        }
        assertEquals(1, events.size());
        PmtEvent ev = events.get(0);
        int pmt = 0;
        for (int i = 0; i < ev.nhit(); i++) {
            int lcn = ev.lcn()[i];
            if (!(lcn >> 9 == 17 && ((lcn >> 5) & 15) == 15)) {
                pmt++;
            }
        }
        assertEquals(364, pmt);
        Map<String, Object> doc = t.sample();
        assertEquals(1L, doc.get("events"));
        assertEquals(0.0, doc.get("seconds"));
        List<List<Object>> rows = rows(doc);
        for (int b = 0; b < TriggerBits.COUNT; b++) {
            if ((ev.triggerWord() & (1 << b)) != 0) {
                assertRow(rows, b, 1, null, 1.0, (double) pmt, 0.0);
            } else {
                assertRow(rows, b, 0, null, 0.0, null, null);
            }
        }
        // 100L, 100M, 100H, 20 and MISS
        assertEquals(N100L | N100M | TriggerBits.N100H | N20 | TriggerBits.MISS, ev.triggerWord());
        assertNull(doc.get("ratio_100M_PULGT"));
        assertEquals(Channels.COUNT, 9728);
    }
}
