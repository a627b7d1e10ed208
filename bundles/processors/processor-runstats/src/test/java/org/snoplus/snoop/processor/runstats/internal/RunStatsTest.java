package org.snoplus.snoop.processor.runstats.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.snoplus.snoop.sno.TriggerBits.N100L;
import static org.snoplus.snoop.sno.TriggerBits.N100M;
import static org.snoplus.snoop.sno.TriggerBits.OWLEH;
import static org.snoplus.snoop.sno.TriggerBits.OWLEL;
import static org.snoplus.snoop.sno.TriggerBits.OWLN;
import static org.snoplus.snoop.sno.TriggerBits.PULGT;
import static org.snoplus.snoop.testing.PmtEvents.event;
import static org.snoplus.snoop.testing.PmtEvents.orphan;

import java.nio.file.Path;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.testing.SharedData;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabFile;
import org.snoplus.snoop.testing.Configs;
import org.snoplus.snoop.testing.Handoff;
import org.snoplus.snoop.testing.PmtEvents;

public class RunStatsTest {

    private static final double EPS = 1e-9;
    /** Physics (bit 2) and DCR Activity (bit 21). */
    private static final long PHYSICS_DCR = (1L << 2) | (1L << 21);
    /** Neck channels of the tests: 9000 (crate 17, card 9, channel 8) and 2/3/4 = 1124. */
    private static final String[] NECK = {"9000, 2/3/4"};
    private static final int NECK_LCN = 1124;

    /** A monotonic and a wall clock that move together, by hand. */
    private static final class Clock {
        long nanos = 987_654_321_000L; // nanoTime has an arbitrary origin
        long millis = 1_764_362_400_000L;

        void advanceMs(long ms) {
            nanos += ms * 1_000_000;
            millis += ms;
        }
    }

    private final Clock clock = new Clock();

    private RunStats runstats(Object... config) {
        RunStats r = new RunStats(() -> clock.nanos, () -> clock.millis);
        r.configure(Configs.of(RunStatsConfig.class, config));
        return r;
    }

    private static RunHeader header(int run, int subrun, long runMask) {
        return new RunHeader(20251128, 20400000, subrun, run, 0, 0, runMask, (1L << 19) - 1, 1, 1);
    }

    private static PmtEvent withHit(PmtEvent ev, int lcn) {
        ev.addHit(lcn, 0, 500, 500, 500, 2700, 0);
        return ev;
    }

    /**
     * Run 7, subrun 2: its header, four triggered events whose 10 MHz clock spans 5000 ticks (0.5 ms,
     * three steps), two orphans of NHIT 4 and 6 (and FEC/D hits, left out), two OWL events, two neck
     * events, and a trigger settings record; 2 s of wall time.
     */
    private void firstWindow(RunStats r) {
        r.event(header(7, 2, PHYSICS_DCR));
        r.event(new TriggerSettings(0, new int[10], new int[10], 0, 0, 420, 100, 1));
        r.event(event(7, 100, N100L, 1_000_000, 10, 1));
        r.event(orphan(7, 4));
        r.event(event(7, 101, OWLN, 1_002_000, 5, 0));
        PmtEvent fecdOrphan = orphan(7, 6);
        r.event(withHit(fecdOrphan, Channels.lcn(17, 15, 3)));
        r.event(withHit(event(7, 102, OWLEH | N100L, 1_003_000, 3, 0), 9000));
        r.event(withHit(event(7, 103, N100M, 1_005_000, 3, 0), NECK_LCN));
        clock.advanceMs(2000);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> moments(Map<String, Object> doc) {
        Map<String, Object> m = (Map<String, Object>) doc.get("orphan_nhit");
        assertEquals("moments", m.get("shape"));
        return m;
    }

    @Test
    public void receivesEveryRecord() {
        assertSame(Object.class, runstats().eventType());
    }

    @Test
    public void theRunAndTheWindow() {
        RunStats r = runstats("neck.channels", NECK);
        firstWindow(r);
        Map<String, Object> doc = r.sample();

        assertEquals(7, doc.get("run"));
        assertEquals(0, doc.get("subrun")); // the events' subrun field (PmtEvents.event makes 0) follows the header's
        assertEquals("Physics, DCR Activity", doc.get("run_type"));
        assertEquals(PHYSICS_DCR, doc.get("run_mask"));
        assertEquals(103, doc.get("last_gtid"));
        assertEquals(5e-4, (Double) doc.get("duration_clock10"), EPS);
        assertEquals(2.0, (Double) doc.get("duration_wall"), EPS);
        assertEquals(6L, doc.get("events"));
        assertEquals(6L, doc.get("events_run"));
        assertEquals(5e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(2.0, (Double) doc.get("seconds_wall"), EPS);
        assertEquals(6000.0, (Double) doc.get("rate_clock10"), 0.01); // six significant digits // 3 steps in 0.5 ms
        assertEquals(3.0, (Double) doc.get("rate_wall"), EPS);
        assertEquals(2L, doc.get("orphans"));
        assertEquals(2L, doc.get("orphans_run"));
        assertEquals(5.0, (Double) moments(doc).get("mean"), EPS);
        assertEquals(2L, moments(doc).get("count"));
        assertEquals(5.0, (Double) doc.get("orphan_nhit_mean_run"), EPS);
        assertEquals(2L, doc.get("owl"));
        assertEquals(2L, doc.get("owl_run"));
        assertEquals(2L, doc.get("neck"));
        assertEquals(2L, doc.get("neck_run"));
        assertEquals(2, doc.get("neck_channels"));
        assertEquals(8L, doc.get("records"));
        assertEquals(4.0, (Double) doc.get("dispatch_rate"), EPS);
    }

    @Test
    public void theSubrunComesFromTheHeaderAndThenFromTheEvents() {
        RunStats r = runstats();
        r.event(header(7, 2, PHYSICS_DCR));
        assertEquals(2, r.sample().get("subrun"));
        PmtEvent ev = new PmtEvent().header(7, 3, 1, 1, N100L, 0, 100, 500);
        r.event(ev);
        assertEquals(3, r.sample().get("subrun"));
    }

    @Test
    public void theWindowResetsAtEachSampleAndTheRunGoesOn() {
        RunStats r = runstats("neck.channels", NECK);
        firstWindow(r);
        r.sample();
        r.event(event(7, 104, OWLEL, 1_006_000, 8, 0));
        r.event(event(7, 105, PULGT, 1_008_000, 8, 0));
        clock.advanceMs(500);
        Map<String, Object> doc = r.sample();

        assertEquals(105, doc.get("last_gtid"));
        assertEquals(2L, doc.get("events"));
        assertEquals(8L, doc.get("events_run"));
        // the window's time runs from the previous window's last event: 3000 ticks, 2 steps
        assertEquals(3e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(2 / 3e-4, (Double) doc.get("rate_clock10"), 0.01); // six significant digits
        assertEquals(0.5, (Double) doc.get("seconds_wall"), EPS);
        assertEquals(4.0, (Double) doc.get("rate_wall"), EPS);
        assertEquals(8e-4, (Double) doc.get("duration_clock10"), EPS);
        assertEquals(2.5, (Double) doc.get("duration_wall"), EPS);
        assertEquals(0L, doc.get("orphans"));
        assertNull(moments(doc).get("mean"));
        assertEquals(0L, moments(doc).get("count"));
        assertEquals(5.0, (Double) doc.get("orphan_nhit_mean_run"), EPS);
        assertEquals(1L, doc.get("owl"));
        assertEquals(3L, doc.get("owl_run"));
        assertEquals(0L, doc.get("neck"));
        assertEquals(2L, doc.get("neck_run"));
        assertEquals(2L, doc.get("records"));
        assertEquals(4.0, (Double) doc.get("dispatch_rate"), EPS);

        clock.advanceMs(1000);
        Map<String, Object> idle = r.sample();
        assertEquals(0L, idle.get("events"));
        assertNull(idle.get("rate_clock10"));
        assertEquals(0.0, (Double) idle.get("rate_wall"), 0);
        assertEquals(0.0, (Double) idle.get("dispatch_rate"), 0);
        assertEquals(8L, idle.get("events_run"));
    }

    @Test
    public void aRunHeaderOfAnotherRunStartsTheRunValuesAgain() {
        RunStats r = runstats("neck.channels", NECK);
        firstWindow(r);
        r.event(header(7, 3, PHYSICS_DCR)); // a subrun: the run goes on
        clock.advanceMs(1000);
        r.event(header(8, 0, 1L << 6)); // a diagnostic run
        r.event(event(8, 500, N100L, 50, 9, 0));
        r.event(event(8, 501, N100L, 1050, 9, 0));
        clock.advanceMs(1000);
        Map<String, Object> doc = r.sample();

        assertEquals(8, doc.get("run"));
        assertEquals("Diagnostic", doc.get("run_type"));
        assertEquals(64L, doc.get("run_mask"));
        assertEquals(501, doc.get("last_gtid"));
        assertEquals(2L, doc.get("events_run"));
        assertEquals(0L, doc.get("orphans_run"));
        assertNull(doc.get("orphan_nhit_mean_run"));
        assertEquals(0L, doc.get("owl_run"));
        assertEquals(0L, doc.get("neck_run"));
        assertEquals(1e-4, (Double) doc.get("duration_clock10"), EPS);
        assertEquals(1.0, (Double) doc.get("duration_wall"), EPS);
        // the window keeps both runs; no clock step across them
        assertEquals(8L, doc.get("events"));
        assertEquals(2L, doc.get("orphans"));
        assertEquals(6e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(4 / 6e-4, (Double) doc.get("rate_clock10"), 0.01); // six significant digits
        assertEquals(12L, doc.get("records"));
    }

    @Test
    public void anEventOfAnotherRunStartsTheRunValuesAgainAndTheRunTypeIsUnknown() {
        RunStats r = runstats();
        firstWindow(r);
        r.event(event(9, 1, N100L, 10, 9, 0));
        r.event(event(-1, 2, N100L, 20, 9, 0)); // run unknown: still 9
        Map<String, Object> doc = r.sample();
        assertEquals(9, doc.get("run"));
        assertNull(doc.get("run_type"));
        assertNull(doc.get("run_mask"));
        assertEquals(2, doc.get("last_gtid"));
        assertEquals(2L, doc.get("events_run"));
        assertEquals(1e-6, (Double) doc.get("duration_clock10"), EPS);
        assertEquals(0.0, (Double) doc.get("duration_wall"), EPS);
    }

    @Test
    public void anOrphanHasNoGtidNoTimeAndIsNeitherOwlNorNeck() {
        RunStats r = runstats("neck.channels", NECK);
        r.event(event(7, 100, N100L, 1000, 10, 0));
        PmtEvent ev = withHit(orphan(7, 2), NECK_LCN);
        r.event(ev);
        r.event(event(7, 101, N100L, 2000, 10, 0));
        r.event(ev);
        Map<String, Object> doc = r.sample();
        assertEquals(101, doc.get("last_gtid"));
        assertEquals(1e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(10000.0, (Double) doc.get("rate_clock10"), 0.01); // six significant digits
        assertEquals(4L, doc.get("events"));
        assertEquals(2L, doc.get("orphans"));
        assertEquals(3.0, (Double) moments(doc).get("mean"), EPS);
        assertEquals(0L, doc.get("neck"));
        assertEquals(0L, doc.get("owl"));
    }

    @Test
    public void beforeAnyRecordTheRunIsUnknown() {
        Map<String, Object> doc = runstats().sample();
        assertNull(doc.get("run"));
        assertNull(doc.get("subrun"));
        assertNull(doc.get("run_type"));
        assertNull(doc.get("last_gtid"));
        assertNull(doc.get("duration_wall"));
        assertEquals(0.0, doc.get("duration_clock10"));
        assertNull("no time passed", doc.get("rate_wall"));
        assertNull(doc.get("dispatch_rate"));
    }

    @Test
    public void withoutNeckChannelsNeckEventsAreUnknown() {
        RunStats r = runstats();
        firstWindow(r);
        Map<String, Object> doc = r.sample();
        assertTrue(doc.containsKey("neck"));
        assertNull(doc.get("neck"));
        assertNull(doc.get("neck_run"));
        assertEquals(0, doc.get("neck_channels"));
    }

    @Test
    public void theClockWrapsAt53BitsAndAStepBackCountsNothing() {
        RunStats r = runstats();
        long top = (1L << 53) - 500;
        r.event(event(7, 1, N100L, top, 10, 0));
        r.event(event(7, 2, N100L, 500, 10, 0)); // 1000 ticks later, wrapped
        r.event(event(7, 3, N100L, 200, 10, 0)); // a glitch backwards: no step
        r.event(event(7, 4, N100L, 1200, 10, 0));
        Map<String, Object> doc = r.sample();
        assertEquals(2e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(10000.0, (Double) doc.get("rate_clock10"), 0.01); // six significant digits
        assertEquals(2e-4, (Double) doc.get("duration_clock10"), EPS);
    }

    @Test
    public void anUpgradeKeepsTheRunAndTheUnsampledWindowAndReplacesTheSuccessorsState() {
        RunStats old = runstats("neck.channels", NECK);
        firstWindow(old);
        old.sample();
        old.event(event(7, 104, OWLEL, 1_006_000, 8, 0)); // not sampled before the upgrade
        old.event(orphan(7, 10));
        clock.advanceMs(300);
        Object state = Handoff.copy(old.handoff());

        clock.advanceMs(200); // between the two instances
        RunStats next = runstats("neck.channels", NECK);
        next.event(header(99, 0, 1)); // the successor's own past must go
        next.event(event(99, 7, OWLN, 5, 100, 0));
        next.event(orphan(99, 50));
        next.takeover(state);
        next.event(withHit(event(7, 105, PULGT, 1_008_000, 8, 0), NECK_LCN));
        clock.advanceMs(500);
        Map<String, Object> doc = next.sample();

        assertEquals(7, doc.get("run"));
        assertEquals("Physics, DCR Activity", doc.get("run_type"));
        assertEquals(105, doc.get("last_gtid"));
        assertEquals(3L, doc.get("events"));
        assertEquals(9L, doc.get("events_run"));
        assertEquals(3e-4, (Double) doc.get("seconds_clock10"), EPS);
        assertEquals(2 / 3e-4, (Double) doc.get("rate_clock10"), 0.01); // six significant digits
        assertEquals(1.0, (Double) doc.get("seconds_wall"), EPS); // the window spans both instances
        assertEquals(3.0, (Double) doc.get("rate_wall"), EPS);
        assertEquals(8e-4, (Double) doc.get("duration_clock10"), EPS);
        assertEquals(3.0, (Double) doc.get("duration_wall"), EPS);
        assertEquals(1L, doc.get("orphans"));
        assertEquals(3L, doc.get("orphans_run"));
        assertEquals(10.0, (Double) moments(doc).get("mean"), EPS);
        assertEquals(20.0 / 3, (Double) doc.get("orphan_nhit_mean_run"), 1e-5); // six significant digits
        assertEquals(1L, doc.get("owl"));
        assertEquals(3L, doc.get("owl_run"));
        assertEquals(1L, doc.get("neck"));
        assertEquals(3L, doc.get("neck_run"));
        assertEquals(3L, doc.get("records"));
    }

    @Test
    public void otherNeckChannelsStartTheNeckCountsAgainAndKeepTheRest() {
        RunStats old = runstats("neck.channels", NECK);
        firstWindow(old);
        RunStats next = runstats("neck.channels", new String[] {"9000"});
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(0L, doc.get("neck_run"));
        assertEquals(1, doc.get("neck_channels"));
        assertEquals(6L, doc.get("events_run"));
        assertEquals(2L, doc.get("owl_run"));

        RunStats same = runstats("neck.channels", new String[] {"2/3/4", "17/9/8"}); // the same channels, otherwise written
        same.takeover(Handoff.copy(old.handoff()));
        assertEquals(2L, same.sample().get("neck_run"));
    }

    @Test
    public void aRunThatStartedInTheUnsampledWindowCrossesTheUpgradeAsItIs() {
        RunStats old = runstats("neck.channels", NECK);
        firstWindow(old);
        old.event(header(8, 0, 4));
        old.event(event(8, 1, N100L, 10, 9, 0));
        old.event(event(8, 2, N100L, 20, 9, 0));
        RunStats next = runstats("neck.channels", NECK);
        next.takeover(Handoff.copy(old.handoff()));
        Map<String, Object> doc = next.sample();
        assertEquals(8, doc.get("run"));
        assertEquals(8L, doc.get("events"));
        assertEquals(2L, doc.get("events_run"));
        assertEquals(2L, doc.get("orphans"));
        assertEquals(0L, doc.get("orphans_run"));
        assertEquals(2L, doc.get("owl"));
        assertEquals(0L, doc.get("owl_run"));
        assertEquals(2L, doc.get("neck"));
        assertEquals(0L, doc.get("neck_run"));
        assertEquals(5.01e-4, (Double) doc.get("seconds_clock10"), EPS); // 5000 ticks in run 7, 10 in run 8
        assertEquals(1e-6, (Double) doc.get("duration_clock10"), EPS);
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        RunStats r = runstats();
        firstWindow(r);
        r.takeover(42L);
        Map<String, Object> doc = r.sample();
        assertNull(doc.get("run"));
        assertEquals(0L, doc.get("events"));
        assertEquals(0L, doc.get("events_run"));
        assertNull(doc.get("duration_wall"));
    }

    @Test
    public void badNeckChannelsAreRejectedNamingTheKey() {
        Configs.assertRejected("bad configuration: neck.channels \"9728\" is not a channel",
                () -> runstats("neck.channels", new String[] {"9728"}));
        Configs.assertRejected("bad configuration: neck.channels \"neck\" is not a channel",
                () -> runstats("neck.channels", new String[] {"1, neck"}));
        Configs.assertRejected("bad configuration: neck.channels \"19/0/0\" is not a channel",
                () -> runstats("neck.channels", new String[] {"19/0/0"}));
        Configs.assertRejected("bad configuration: neck.channels \"3/4\" is not a channel",
                () -> runstats("neck.channels", new String[] {"3/4"}));
        Configs.assertRejected("bad configuration: neck.channels \"17/15/2\" is on the FEC/D card",
                () -> runstats("neck.channels", new String[] {"17/15/2"}));
        Configs.assertRejected("bad configuration: neck.channels names channel 1124 twice",
                () -> runstats("neck.channels", new String[] {"1124", "2/3/4"}));
    }

    @Test
    public void handoffIsPlainData() {
        RunStats r = runstats("neck.channels", NECK);
        firstWindow(r);
        Object copy = Handoff.copy(r.handoff());
        assertEquals(copy, Handoff.copy(copy));
    }

    @Test
    public void eventAllocatesNothing() {
        RunStats r = runstats("neck.channels", NECK);
        Object[] records = {event(7, 1, N100L | OWLN, 1000, 30, 3), withHit(event(7, 2, PULGT, 2000, 9, 1), 9000),
            orphan(7, 4), header(7, 1, 4), event(8, 3, N100M, 3000, 300, 0), "something else"};
        for (int i = 0; i < 20_000; i++) {
            r.event(records[i % records.length]);
        }
        long before = PmtEvents.allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            r.event(records[i % 5 == 3 ? 4 : i % records.length]); // a run change in every few events reads the clock
        }
        long allocated = PmtEvents.allocatedBytes() - before;
        assertTrue(allocated + " bytes allocated by 100000 events", allocated < 10_000);
    }

    @Test
    public void theDemoZdabFile() throws Exception {
        RunStats r = runstats();
        PmtEvent ev = null;
        long recordsRead = 0;
        try (ZdabFile zdab = ZdabFile.open(SharedData.demoZdab())) {
            for (Object record; (record = zdab.next()) != null;) {
                recordsRead++;
                if (record instanceof PmtEvent e) {
                    ev = e;
                }
                r.event(record);
            }
        }
        clock.advanceMs(1000);
        Map<String, Object> doc = r.sample();
        assertEquals(3510, ev.run());
        assertEquals(3510, doc.get("run"));
        assertEquals(10, doc.get("subrun"));
        assertEquals(56981, doc.get("last_gtid"));
        assertNull("the file has no run header", doc.get("run_type"));
        assertEquals(1L, doc.get("events"));
        assertEquals(0L, doc.get("orphans"));
        assertEquals((ev.triggerWord() & RunStats.OWL_BITS) != 0 ? 1L : 0L, doc.get("owl"));
        assertEquals(0.0, doc.get("duration_clock10"));
        assertNull("one event: no step of the clock", doc.get("rate_clock10"));
        assertEquals(recordsRead, doc.get("records"));
    }
}
