package org.snoplus.snoop.processor.timing.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.synthetic.DetectorSettings;
import org.snoplus.snoop.sno.synthetic.FaultRates;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.testing.Configs;

/** The synthetic detector at 1 kHz: sound clocks with 420 ns lockout, then GTID skips. */
public class TimingOnSyntheticDataTest {

    static Map<String, Object> run(FaultRates faults, int events, Object... config) {
        SyntheticDetector detector = new SyntheticDetector(DetectorSettings.defaults().withFaults(faults));
        TimingChecks t = new TimingChecks();
        t.configure(Configs.of(TimingConfig.class, config));
        for (int i = 0; i < events; i++) {
            PmtEvent e = detector.nextEvent();
            t.event(e);
        }
        return t.sample();
    }

    @Test
    public void aSoundDetectorRaisesNoAlarm() {
        Map<String, Object> w = run(FaultRates.NONE, 100_000);
        Map<String, Object> clock = TimingChecksTest.map(w, "clock");
        long events = (Long) w.get("events");
        long orphans = (Long) w.get("orphans");
        assertEquals(100_000L, events + orphans);
        assertTrue("orphans " + orphans, orphans > 1000 && orphans < 3000); // 2% of the mix
        assertEquals(events - 1, clock.get("pairs"));
        assertEquals(0L, clock.get("disagreements"));
        assertEquals(0L, clock.get("close")); // the lockout is 420 ns
        assertEquals(0L, clock.get("backward10"));
        assertEquals(0L, clock.get("backward50"));
        assertTrue("drift " + clock.get("drift.ppm"), Math.abs((Double) clock.get("drift.ppm")) < 0.01);
        Map<String, Object> gtid = TimingChecksTest.map(w, "gtid");
        assertEquals(0L, gtid.get("skips"));
        assertEquals(0L, gtid.get("repeats"));
        assertEquals(0L, gtid.get("backward"));
        assertEquals(0L, TimingChecksTest.map(w, "flags", "cgt.es16").get("hits"));
    }

    @Test
    public void skipsLeaveOutOneToSixteenGtidsEach() {
        Map<String, Object> gtid = TimingChecksTest.map(run(FaultRates.NONE.withGtidSkip(0.01), 100_000), "gtid");
        long skips = (Long) gtid.get("skips");
        long missing = (Long) gtid.get("missing");
        assertTrue("skips " + skips, skips > 800 && skips < 1200);
        assertTrue("missing " + missing, missing >= skips && missing <= 16 * skips);
        assertEquals(0L, gtid.get("repeats"));
    }

    @Test
    public void aToleranceOf50nsWouldFlagAQuarterOfSoundPairs() {
        Map<String, Object> clock = TimingChecksTest.map(run(FaultRates.NONE, 20_000, "clock.tolerance.ns", 50L),
                "clock");
        double fraction = (double) (Long) clock.get("disagreements") / (Long) clock.get("pairs");
        assertTrue("fraction " + fraction, fraction > 0.15 && fraction < 0.35);
    }
}
