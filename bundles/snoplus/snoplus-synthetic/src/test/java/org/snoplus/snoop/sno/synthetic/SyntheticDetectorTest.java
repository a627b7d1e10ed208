package org.snoplus.snoop.sno.synthetic;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.sno.Channels;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerBits;
import org.snoplus.snoop.sno.TriggerSettings;

public class SyntheticDetectorTest {

    private static final int N = 100_000;
    private static final long GTIDS = 1 << 24;
    private static final long CLOCK50_WRAP = 1L << 43;
    private static final long CLOCK10_WRAP = 1L << 53;

    private static DetectorSettings noFaults() {
        return DetectorSettings.defaults().withFaults(FaultRates.NONE);
    }

    private static DetectorSettings only(String mix) {
        return noFaults().withMix(TriggerMix.parse(mix));
    }

    // ------------------------------------------------------------------ determinism

    @Test
    public void theSameSeedGivesTheSameRecordsAndAnotherSeedOtherEvents() {
        DetectorSettings s = DetectorSettings.defaults().withSeed(42).withSubrunEvents(5000)
                .withFaults(FaultRates.DEFAULT.withHitFlags(1e-3).withGtidSkip(1e-2).withClockGlitch(1e-2));
        SyntheticDetector a = new SyntheticDetector(s);
        SyntheticDetector b = new SyntheticDetector(s);
        for (int i = 0; i < 30_000; i++) {
            Object x = a.next();
            Object y = b.next();
            if (x instanceof PmtEvent e) {
                assertSameEvent("record " + i, e, (PmtEvent) y);
            } else {
                assertEquals("record " + i, x, y);
            }
        }
        assertArrayEquals(a.deadChannels(), b.deadChannels());

        SyntheticDetector c = new SyntheticDetector(s.withSeed(43));
        SyntheticDetector d = new SyntheticDetector(s);
        int differ = 0;
        for (int i = 0; i < 1000; i++) {
            PmtEvent e = c.nextEvent();
            PmtEvent f = d.nextEvent();
            if (e.nhit() != f.nhit() || e.lcn()[0] != f.lcn()[0] || e.clock10() != f.clock10()) {
                differ++;
            }
        }
        assertTrue(differ + " of 1000 events differ", differ > 950);
        assertFalse(Arrays.equals(c.deadChannels(), d.deadChannels()));
        assertFalse(Arrays.equals(c.hotChannels(), d.hotChannels()));
    }

    private static void assertSameEvent(String where, PmtEvent e, PmtEvent f) {
        assertEquals(where, e.toString(), f.toString());
        assertEquals(where, e.run(), f.run());
        assertEquals(where, e.subrun(), f.subrun());
        assertEquals(where, e.eventNumber(), f.eventNumber());
        assertEquals(where, e.clock10(), f.clock10());
        assertEquals(where, e.clock50(), f.clock50());
        assertEquals(where, e.esumPeak(), f.esumPeak());
        int n = e.nhit();
        assertArrayEquals(where, Arrays.copyOf(e.lcn(), n), Arrays.copyOf(f.lcn(), n));
        assertArrayEquals(where, Arrays.copyOf(e.cell(), n), Arrays.copyOf(f.cell(), n));
        assertArrayEquals(where, Arrays.copyOf(e.qhs(), n), Arrays.copyOf(f.qhs(), n));
        assertArrayEquals(where, Arrays.copyOf(e.qhl(), n), Arrays.copyOf(f.qhl(), n));
        assertArrayEquals(where, Arrays.copyOf(e.qlx(), n), Arrays.copyOf(f.qlx(), n));
        assertArrayEquals(where, Arrays.copyOf(e.tac(), n), Arrays.copyOf(f.tac(), n));
        assertArrayEquals(where, Arrays.copyOf(e.flags(), n), Arrays.copyOf(f.flags(), n));
    }

    // ------------------------------------------------------------------ GTID and clocks

    @Test
    public void gtidGoesUpByOneAndWrapsAt2To24() {
        int first = (int) GTIDS - 700;
        SyntheticDetector d = new SyntheticDetector(noFaults().withFirstGtid(first));
        List<PmtEvent> triggered = triggered(d, 2000);
        assertEquals(first, triggered.get(0).gtid());
        boolean wrapped = false;
        for (int i = 1; i < triggered.size(); i++) {
            int prev = triggered.get(i - 1).gtid();
            int gtid = triggered.get(i).gtid();
            assertEquals("after 0x" + Integer.toHexString(prev), (prev + 1) % GTIDS, gtid);
            wrapped |= gtid == 0;
        }
        assertTrue("never wrapped to 0", wrapped);
        assertTrue(triggered.get(triggered.size() - 1).gtid() < 2000);
    }

    @Test
    public void gtidSkipsAtAboutTheConfiguredRate() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withFaults(FaultRates.NONE.withGtidSkip(0.01)));
        List<PmtEvent> triggered = triggered(d, N);
        int skips = 0;
        for (int i = 1; i < triggered.size(); i++) {
            long step = Math.floorMod(triggered.get(i).gtid() - triggered.get(i - 1).gtid(), GTIDS);
            assertTrue("GTID step " + step, step >= 1 && step <= 17);
            if (step != 1) {
                skips++;
            }
        }
        double expected = 0.01 * (triggered.size() - 1);
        assertEquals("skips", expected, skips, 5 * Math.sqrt(expected));
    }

    @Test
    public void theClocksRunAtTheRateAndThe50MHzClockIsFiveTimesThe10MHzOne() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withRate(2000));
        List<PmtEvent> triggered = triggered(d, N);
        long ticks10 = 0;
        for (int i = 1; i < triggered.size(); i++) {
            PmtEvent a = triggered.get(i - 1);
            PmtEvent b = triggered.get(i);
            long d10 = Math.floorMod(b.clock10() - a.clock10(), CLOCK10_WRAP);
            long d50 = Math.floorMod(b.clock50() - a.clock50(), CLOCK50_WRAP);
            assertTrue("50 MHz clock went back or stood still: " + a + " " + b, d50 >= SyntheticDetector.LOCKOUT_NS / 20);
            assertTrue("10 MHz clock jumped: " + d10, d10 < 10_000_000); // both are well below half a wrap
            assertTrue("50 MHz " + d50 + " vs 10 MHz " + d10 + " at " + b, Math.abs(d50 - 5 * d10) <= 4);
            ticks10 += d10;
        }
        // exponential intervals of mean 0.5 ms: 5000 ticks of 100 ns
        double mean = (double) ticks10 / (triggered.size() - 1);
        assertEquals(5000, mean, 5000 * 0.02);
        assertEquals(d.elapsedNanos() / 100, ticks10, 2);
    }

    @Test
    public void aClockGlitchMovesOneClockForwardAndTheOffsetStays() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withFaults(FaultRates.NONE.withClockGlitch(0.005)));
        List<PmtEvent> triggered = triggered(d, N);
        int jumps10 = 0;
        int jumps50 = 0;
        for (int i = 1; i < triggered.size(); i++) {
            PmtEvent a = triggered.get(i - 1);
            PmtEvent b = triggered.get(i);
            long d10 = Math.floorMod(b.clock10() - a.clock10(), CLOCK10_WRAP);
            long d50 = Math.floorMod(b.clock50() - a.clock50(), CLOCK50_WRAP);
            assertTrue(d10 >= 0 && d50 > 0);
            long drift = d50 - 5 * d10; // the change of the offset between the clocks
            if (drift < -4) {
                jumps10++; // the 10 MHz clock jumped forward by about -drift/5 ticks
                assertTrue("10 MHz jump " + d10, d10 >= 10);
            } else if (drift > 4) {
                jumps50++;
                assertTrue("50 MHz jump " + d50, d50 >= 10);
            }
        }
        double expected = 0.005 * triggered.size();
        // the jumps smaller than the rounding band are not seen: a few percent of them
        assertEquals("glitches", expected, jumps10 + jumps50, 0.1 * expected + 5 * Math.sqrt(expected));
        assertTrue("10 MHz jumps " + jumps10, jumps10 > expected / 4);
        assertTrue("50 MHz jumps " + jumps50, jumps50 > expected / 4);
    }

    // ------------------------------------------------------------------ triggers

    @Test
    public void triggerFractionsFollowTheWeights() {
        SyntheticDetector d = new SyntheticDetector(DetectorSettings.defaults());
        int physics = 0;
        int muons = 0;
        int pulser = 0;
        int ped = 0;
        int owl = 0;
        int orphans = 0;
        int n100l = 0;
        int prescaled = 0;
        for (int i = 0; i < N; i++) {
            PmtEvent e = d.nextEvent();
            int w = e.triggerWord();
            if ((w & TriggerBits.N100L) != 0) {
                n100l++;
            }
            if ((w & TriggerBits.PRESCL) != 0) {
                prescaled++;
                assertTrue(TriggerBits.names(w), (w & TriggerBits.N100L) != 0);
            }
            if (w == 0) {
                orphans++;
                assertTrue(e.isOrphan());
            } else if ((w & TriggerBits.PED) != 0) {
                ped++;
                assertEquals(TriggerBits.PED, w);
            } else if ((w & TriggerBits.PULGT) != 0) {
                pulser++;
                assertEquals(TriggerBits.PULGT, w);
            } else if ((w & TriggerBits.N20) != 0 && (w & TriggerBits.OWLN) != 0) {
                muons++;
            } else if ((w & TriggerBits.N20) != 0) {
                physics++;
            } else {
                owl++;
                assertTrue(TriggerBits.names(w), (w & TriggerBits.OWLN) != 0);
                assertEquals(TriggerBits.names(w), 0,
                        w & ~(TriggerBits.OWLN | TriggerBits.OWLEL | TriggerBits.OWLEH));
            }
        }
        double total = TriggerMix.DEFAULT.total();
        assertFraction("physics", 0.93 / total, physics);
        assertFraction("pulser", 0.02 / total, pulser);
        assertFraction("ped", 0.02 / total, ped);
        assertFraction("owl", 0.01 / total, owl);
        assertFraction("orphan", 0.02 / total, orphans);
        assertTrue("muons " + muons, muons >= 5 && muons <= 45); // 20 expected
        assertEquals("every 100th N100L is prescaled", n100l / 100, prescaled);
    }

    private static void assertFraction(String what, double p, int count) {
        double sigma = Math.sqrt(p * (1 - p) / N);
        assertEquals(what, p, (double) count / N, 5 * sigma);
    }

    @Test
    public void physicsTriggerBitsFollowTheNhit() {
        SyntheticDetector d = new SyntheticDetector(only("physics=1"));
        int small = 0;
        int large = 0;
        for (int i = 0; i < N; i++) {
            PmtEvent e = d.nextEvent();
            int w = e.triggerWord();
            int n = e.pmtHits();
            assertTrue((w & TriggerBits.N20) != 0);
            if (n < 15) {
                small++;
                assertEquals("N100M with " + n + " hits", 0, w & (TriggerBits.N100M | TriggerBits.N100H));
            }
            if (n > 80) {
                large++;
                int all = TriggerBits.N100L | TriggerBits.N100M | TriggerBits.N100H;
                assertEquals("N100 bits with " + n + " hits", all, w & all);
            }
            if ((w & TriggerBits.ESUMH) != 0) {
                assertTrue("ESUMH with " + n + " hits", n > 150);
                assertTrue((w & TriggerBits.ESUML) != 0);
            }
            if (n < 50) {
                assertEquals("ESUML with " + n + " hits", 0, w & TriggerBits.ESUML);
            }
        }
        assertTrue("events below 15 hits: " + small + ", above 80: " + large, small > 1000 && large > 1000);
    }

    // ------------------------------------------------------------------ NHIT

    @Test
    public void nhitLooksLikeALiquidScintillatorDetector() {
        SyntheticDetector d = new SyntheticDetector(only("physics=1"));
        int inBulk = 0;
        int above200 = 0;
        int max = 0;
        long sum = 0;
        for (int i = 0; i < N; i++) {
            int n = d.nextEvent().pmtHits();
            sum += n;
            max = Math.max(max, n);
            if (n >= 10 && n <= 60) {
                inBulk++;
            }
            if (n > 200) {
                above200++;
            }
        }
        double mean = (double) sum / N;
        assertTrue("mean " + mean, mean > 35 && mean < 60);
        assertTrue("10..60 hits: " + inBulk, inBulk > 0.75 * N && inBulk < 0.9 * N);
        assertTrue("above 200: " + above200, above200 > 0.01 * N && above200 < 0.08 * N);
        assertTrue("largest " + max, max > 350 && max <= 1010);
    }

    @Test
    public void muonsLightThousandsOfTubesAndTheOwls() {
        SyntheticDetector d = new SyntheticDetector(only("muon=1"));
        BitSet owl = bits(d.owlChannels());
        long deadOwl = Arrays.stream(d.deadChannels()).filter(DetectorChannels::isOwl).count();
        assertEquals(96, d.owlChannels().length + deadOwl);
        for (int i = 0; i < 200; i++) {
            PmtEvent e = d.nextEvent();
            int owlHits = 0;
            for (int h = 0; h < e.nhit(); h++) {
                if (owl.get(e.lcn()[h])) {
                    owlHits++;
                }
            }
            assertTrue("muon of " + e.pmtHits() + " hits", e.pmtHits() >= 1000);
            assertTrue("OWL hits " + owlHits, owlHits >= 10);
            assertTrue(TriggerBits.names(e.triggerWord()), (e.triggerWord() & TriggerBits.OWLN) != 0);
            assertEquals(1023, e.esumPeak());
        }
    }

    @Test
    public void owlTubesSeeOnlyMuonsAndOwlTriggers() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withMix(TriggerMix.parse("physics=1,pulser=1,orphan=1")));
        BitSet owl = bits(d.owlChannels());
        for (int i = 0; i < 20_000; i++) {
            PmtEvent e = d.nextEvent();
            for (int h = 0; h < e.nhit(); h++) {
                assertFalse("OWL tube hit in " + e, owl.get(e.lcn()[h]));
            }
        }
    }

    // ------------------------------------------------------------------ channels and hits

    @Test
    public void deadChannelsAreNeverHitAndHotChannelsOften() {
        SyntheticDetector d = new SyntheticDetector(DetectorSettings.defaults().withHotChannels(5));
        int[] occupancy = new int[Channels.COUNT];
        int triggered = 0;
        BitSet inEvent = new BitSet(Channels.COUNT);
        for (int i = 0; i < N / 2; i++) {
            PmtEvent e = d.nextEvent();
            inEvent.clear();
            for (int h = 0; h < e.nhit(); h++) {
                int lcn = e.lcn()[h];
                assertFalse("channel " + lcn + " twice in " + e, inEvent.get(lcn));
                inEvent.set(lcn);
                occupancy[lcn]++;
            }
            if (!e.isOrphan() && (e.triggerWord() & TriggerBits.PED) == 0) {
                triggered++;
            }
        }
        int[] dead = d.deadChannels();
        assertEquals(400, dead.length);
        assertEquals("2 whole dead cards", 2, deadCards(dead));
        for (int lcn : dead) {
            assertEquals("dead channel " + lcn, 0, occupancy[lcn]);
        }
        int[] hot = d.hotChannels();
        assertEquals(5, hot.length);
        int[] sorted = occupancy.clone();
        Arrays.sort(sorted);
        int median = sorted[sorted.length / 2];
        for (int lcn : hot) {
            assertTrue("hot channel " + lcn + ": " + occupancy[lcn] + " of " + triggered,
                    occupancy[lcn] > 0.3 * triggered && occupancy[lcn] > 20 * median);
        }
        assertTrue("median occupancy " + median, median < 0.01 * N);
    }

    private static int deadCards(int[] dead) {
        int[] perCard = new int[Channels.COUNT / 32];
        for (int lcn : dead) {
            perCard[Channels.cardIndex(lcn)]++;
        }
        return (int) Arrays.stream(perCard).filter(n -> n == 32).count();
    }

    @Test
    public void everyHitIsAValidChannelWithValuesInRange() {
        SyntheticDetector d = new SyntheticDetector(DetectorSettings.defaults()
                .withMix(TriggerMix.parse("physics=0.9,muon=0.01,pulser=0.02,ped=0.02,owl=0.03,orphan=0.02")));
        int[] crates = new int[Channels.CRATES];
        int saturated = 0;
        long tacSum = 0;
        long tacN = 0;
        long qhsSum = 0;
        for (int i = 0; i < N / 2; i++) {
            PmtEvent e = d.nextEvent();
            int fecd = e.nhit() - e.pmtHits();
            if (e.isOrphan()) {
                assertEquals(0, fecd);
            } else {
                assertEquals("FEC/D hits of " + e, Integer.bitCount(e.triggerWord() & 0x1FFF), fecd);
            }
            boolean physics = (e.triggerWord() & TriggerBits.N20) != 0 && (e.triggerWord() & TriggerBits.OWLN) == 0;
            for (int h = 0; h < e.nhit(); h++) {
                int lcn = e.lcn()[h];
                assertTrue("channel " + lcn, Channels.isValid(lcn));
                crates[Channels.crate(lcn)]++;
                assertInRange("cell", e.cell()[h], 0, 15);
                assertInRange("QHS", e.qhs()[h], 0, 4095);
                assertInRange("QHL", e.qhl()[h], 0, 4095);
                assertInRange("QLX", e.qlx()[h], 0, 4095);
                assertInRange("TAC", e.tac()[h], 0, 4095);
                if (e.qhs()[h] == 4095) {
                    saturated++;
                }
                if (physics && !Channels.isFecd(lcn)) {
                    tacSum += e.tac()[h];
                    qhsSum += e.qhs()[h];
                    tacN++;
                }
            }
        }
        for (int c = 0; c < Channels.CRATES; c++) {
            assertTrue("crate " + c + ": " + crates[c], crates[c] > 0);
        }
        assertTrue("muons saturate QHS: " + saturated, saturated > 500);
        double tac = (double) tacSum / tacN;
        double qhs = (double) qhsSum / tacN;
        assertTrue("mean TAC of physics hits " + tac, tac > 2400 && tac < 2900);
        assertTrue("mean QHS of physics hits " + qhs, qhs > 500 && qhs < 560);
    }

    @Test
    public void pedestalTriggersReadEveryWorkingChannelOfWholeCratesAtPedestal() {
        SyntheticDetector d = new SyntheticDetector(only("ped=1"));
        BitSet dead = bits(d.deadChannels());
        for (int i = 0; i < 200; i++) {
            PmtEvent e = d.nextEvent();
            BitSet crates = new BitSet();
            int pmt = 0;
            for (int h = 0; h < e.nhit(); h++) {
                int lcn = e.lcn()[h];
                if (Channels.isFecd(lcn)) {
                    continue;
                }
                pmt++;
                crates.set(Channels.crate(lcn));
                assertInRange("pedestal QHS", e.qhs()[h], 370, 630);
            }
            int expected = 0;
            for (int c = crates.nextSetBit(0); c >= 0; c = crates.nextSetBit(c + 1)) {
                for (int lcn = c << 9; lcn < (c + 1) << 9; lcn++) {
                    if (!dead.get(lcn) && !Channels.isFecd(lcn)) {
                        expected++;
                    }
                }
            }
            assertTrue(crates.cardinality() == 1 || crates.cardinality() == 2);
            assertEquals("hits of " + e + " in crates " + crates, expected, pmt);
        }
    }

    @Test
    public void orphansHaveGtidZeroTriggerWordZeroNoClocksAndAFewHits() {
        SyntheticDetector d = new SyntheticDetector(only("orphan=1"));
        for (int i = 0; i < 1000; i++) {
            PmtEvent e = d.nextEvent();
            assertTrue(e.isOrphan());
            assertEquals(0, e.gtid());
            assertEquals(0, e.triggerWord());
            assertEquals(0, e.clock10());
            assertEquals(0, e.clock50());
            assertTrue("orphan of " + e.nhit(), e.nhit() >= 1 && e.nhit() <= 8);
        }
        SyntheticDetector mixed = new SyntheticDetector(noFaults().withFirstGtid(0));
        for (int i = 0; i < N / 10; i++) {
            PmtEvent e = mixed.nextEvent();
            assertEquals(e.toString(), e.triggerWord() == 0, e.isOrphan());
        }
    }

    @Test
    public void hitFlagsComeAtTheirRates() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withFaults(new FaultRates(0, 0, 1e-3, 2e-3, 3e-3,
                4e-3, 5e-3)));
        int[] flagged = new int[PmtEvent.HIT_CMOS_ES16 + 1];
        long hits = 0;
        for (int i = 0; i < N / 2; i++) {
            PmtEvent e = d.nextEvent();
            for (int h = 0; h < e.nhit(); h++) {
                if (!Channels.isFecd(e.lcn()[h])) {
                    hits++;
                    flagged[e.flags()[h]]++;
                }
            }
        }
        assertFlagRate("CGT ES16", 1e-3, flagged[PmtEvent.HIT_CGT_ES16], hits);
        assertFlagRate("CGT ES24", 2e-3, flagged[PmtEvent.HIT_CGT_ES24], hits);
        assertFlagRate("CMOS ES16", 3e-3, flagged[PmtEvent.HIT_CMOS_ES16], hits);
        assertFlagRate("missed", 4e-3, flagged[PmtEvent.HIT_MISSED], hits);
        assertFlagRate("LGI select", 5e-3, flagged[PmtEvent.HIT_LGI_SELECT], hits);

        SyntheticDetector clean = new SyntheticDetector(noFaults());
        for (int i = 0; i < N / 10; i++) {
            PmtEvent e = clean.nextEvent();
            for (int h = 0; h < e.nhit(); h++) {
                assertEquals(0, e.flags()[h]);
            }
        }
    }

    private static void assertFlagRate(String flag, double p, int count, long hits) {
        double expected = p * hits;
        assertEquals(flag, expected, count, 5 * Math.sqrt(expected));
    }

    // ------------------------------------------------------------------ runs and subruns

    @Test
    public void headersStartEveryRunAndSubrun() {
        DetectorSettings s = noFaults().withSubrunEvents(1000).withSubrunsPerRun(3).withRun(123)
                .withFirstGtid(5000).withStartMillis(1_767_268_800_000L); // 2026-01-01T12:00Z
        SyntheticDetector d = new SyntheticDetector(s);
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 7 * 1003; i++) {
            records.add(d.next());
        }
        int[][] expected = {{123, 0}, {123, 1}, {123, 2}, {124, 0}, {124, 1}, {124, 2}, {125, 0}};
        int firstGtidOfRun = -1;
        for (int k = 0; k < expected.length; k++) {
            int at = k * 1003;
            RunHeader rh = (RunHeader) records.get(at);
            TriggerSettings ts = (TriggerSettings) records.get(at + 1);
            PedestalSettings ps = (PedestalSettings) records.get(at + 2);
            PmtEvent first = firstTriggered(records, at + 3);
            assertEquals("run of subrun " + k, expected[k][0], rh.run());
            assertEquals("subrun " + k, expected[k][1], rh.daqVersion());
            if (expected[k][1] == 0) {
                firstGtidOfRun = first.gtid();
            }
            assertEquals(firstGtidOfRun, rh.firstGtid());
            assertEquals(first.gtid(), ts.gtid());
            assertEquals(first.gtid(), ps.gtid());
            assertEquals(20260101, rh.date());
            assertTrue("time " + rh.time(), rh.time() >= 12_00_00_00 && rh.time() < 12_01_00_00);
            assertEquals(100, ts.prescale());
            assertEquals(TriggerSettings.THRESHOLDS, ts.thresholds().length);
            for (int i = at + 3; i < at + 1003; i++) {
                PmtEvent e = (PmtEvent) records.get(i);
                assertEquals(expected[k][0], e.run());
                assertEquals(expected[k][1], e.subrun());
            }
        }
        assertEquals(5000, ((RunHeader) records.get(0)).firstGtid());
        assertEquals(7000, d.events());
        assertEquals(125, d.run());
    }

    private static PmtEvent firstTriggered(List<Object> records, int from) {
        for (int i = from; i < records.size(); i++) {
            if (records.get(i) instanceof PmtEvent e && !e.isOrphan()) {
                return e;
            }
        }
        throw new AssertionError("no triggered event after " + from);
    }

    @Test
    public void withoutSubrunsThereIsOneSetOfHeaders() {
        SyntheticDetector d = new SyntheticDetector(noFaults().withSubrunEvents(0));
        assertTrue(d.next() instanceof RunHeader);
        assertTrue(d.next() instanceof TriggerSettings);
        assertTrue(d.next() instanceof PedestalSettings);
        for (int i = 0; i < N; i++) {
            assertTrue(d.next() instanceof PmtEvent);
        }
    }

    @Test
    public void eventsAreNewObjectsSizedToTheirHits() {
        SyntheticDetector d = new SyntheticDetector(DetectorSettings.defaults());
        PmtEvent a = d.nextEvent();
        int[] hitsOfA = Arrays.copyOf(a.lcn(), a.nhit());
        for (int i = 0; i < 1000; i++) {
            PmtEvent e = d.nextEvent();
            assertNotEquals(a, e);
            assertEquals(e.nhit(), e.lcn().length);
            assertEquals(e.nhit(), e.tac().length);
        }
        assertArrayEquals(hitsOfA, Arrays.copyOf(a.lcn(), a.nhit()));
    }

    // ------------------------------------------------------------------ settings

    @Test
    public void theMixIsParsedAndWrittenBack() {
        TriggerMix m = TriggerMix.parse(" physics = 0.93, pulser=0.02 ,ped=0.02,owl=0.01,orphan=0.02");
        assertEquals(new TriggerMix(0.93, 0, 0.02, 0.02, 0.01, 0.02), m);
        assertEquals("physics=0.93,pulser=0.02,ped=0.02,owl=0.01,orphan=0.02", m.toString());
        assertEquals(TriggerMix.DEFAULT, TriggerMix.parse(TriggerMix.DEFAULT.toString()));
        assertEquals(0.5, TriggerMix.parse("physics=1,ped=1").fractions().get("ped"), 1e-12);
        assertRejected("has an unknown kind \"muons\"", () -> TriggerMix.parse("physics=1,muons=1"));
        assertRejected("weight of ped must be a number >= 0, not \"-1\"", () -> TriggerMix.parse("ped=-1"));
        assertRejected("weight of ped must be a number >= 0, not \"x\"", () -> TriggerMix.parse("ped=x"));
        assertRejected("gives ped twice", () -> TriggerMix.parse("ped=1,ped=2"));
        assertRejected("entry \"ped\" is not kind=weight", () -> TriggerMix.parse("ped"));
        assertRejected("needs a weight above 0", () -> TriggerMix.parse("ped=0"));
        assertRejected("is empty", () -> TriggerMix.parse(" "));
    }

    @Test
    public void settingsOutOfRangeAreRejected() {
        DetectorSettings s = DetectorSettings.defaults();
        assertRejected("rate must be > 0", () -> s.withRate(0));
        assertRejected("firstGtid must be -1 or 0..16777215", () -> s.withFirstGtid(1 << 24));
        assertRejected("deadChannels must be 0..4000", () -> s.withDeadChannels(4001));
        assertRejected("hotChannels must be 0..100", () -> s.withHotChannels(-1));
        assertRejected("gtidSkip must be a probability", () -> FaultRates.NONE.withGtidSkip(1.5));
        assertRejected("cgtEs16 must be a probability", () -> FaultRates.NONE.withHitFlags(Double.NaN));
    }

    private static void assertRejected(String message, Runnable r) {
        try {
            r.run();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
            return;
        }
        fail("accepted; expected: " + message);
    }

    // ------------------------------------------------------------------ helpers

    private static List<PmtEvent> triggered(SyntheticDetector d, int events) {
        List<PmtEvent> out = new ArrayList<>();
        for (int i = 0; i < events; i++) {
            PmtEvent e = d.nextEvent();
            if (!e.isOrphan()) {
                out.add(e);
            }
        }
        return out;
    }

    private static void assertInRange(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new AssertionError(what + " " + v + " not in " + min + ".." + max);
        }
    }

    private static BitSet bits(int[] channels) {
        BitSet b = new BitSet(Channels.COUNT);
        for (int lcn : channels) {
            b.set(lcn);
        }
        return b;
    }
}
