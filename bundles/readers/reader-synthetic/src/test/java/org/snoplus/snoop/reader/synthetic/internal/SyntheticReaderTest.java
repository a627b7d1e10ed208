package org.snoplus.snoop.reader.synthetic.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.Test;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.synthetic.SyntheticDetector;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;

public class SyntheticReaderTest {

    /** How the sink logs a record: "RunHeader 300000", "event 300000". */
    static final Function<Object, String> LOG = o -> o instanceof RunHeader h ? "RunHeader " + h.run()
            : o instanceof PmtEvent e ? "event " + e.run() : null;

    private static final Map<String, Object> PROPS = Map.of("service.pid", "snoop.reader.synthetic~demo");

    @Test
    public void publishesAtTheConfiguredRateInSmallBatches() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        SyntheticReader reader = reader("rate", 2000.0, "events", 1000L);
        long t0 = System.nanoTime();

        reader.read(sink);

        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1000, sink.events().size());
        assertTrue(sink.records.get(0) instanceof RunHeader);
        assertTrue(sink.records.get(1) instanceof TriggerSettings);
        assertTrue(sink.records.get(2) instanceof PedestalSettings);
        assertEquals("run=300000", sink.log.get(0));
        // 1000 triggers at 2 kHz: 0.5 s give or take the spread of the exponential intervals
        assertTrue("took " + seconds + " s", seconds > 0.4 && seconds < 0.9);
        // a batch holds 10 ms of events
        assertTrue(sink.batchSizes.toString(), sink.batchSizes.stream().allMatch(n -> n <= 20));
        assertEquals("synthetic run 300000 subrun 0, 1000 of 1000 events (2000/s)", reader.describe());
    }

    @Test
    public void thePublishedRateIsTheRateTheClocksShow() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        long t0 = System.nanoTime();
        reader("rate", 5000.0, "events", 3000L, "mix", "physics=1").read(sink);
        double wall = (System.nanoTime() - t0) / 1e9;
        List<PmtEvent> events = sink.events();
        double clock = (events.get(events.size() - 1).clock10() - events.get(0).clock10()) / 1e7;
        assertEquals("wall " + wall + " s, 10 MHz clock " + clock + " s", clock, wall, 0.1);
    }

    @Test
    public void withoutARateEverythingGoesInFullBatches() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        reader("rate", 0.0, "events", 1000L, "batch", 256).read(sink);
        // three header records and 1000 events
        assertEquals(List.of(256, 256, 256, 235), sink.batchSizes);
        assertEquals(1000, sink.events().size());
    }

    @Test
    public void theSameSeedGivesTheEventsOfTheLibrary() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        SyntheticReader reader = reader("rate", 0.0, "events", 500L, "seed", 7L);
        reader.read(sink);
        SyntheticDetector d = new SyntheticDetector(
                SyntheticReaderSettings.from(config("rate", 0.0, "seed", 7L), 0).detector());
        for (PmtEvent e : sink.events()) {
            PmtEvent f = d.nextEvent();
            assertEquals(f.toString(), e.toString());
            assertEquals(f.clock10(), e.clock10());
            assertEquals(f.lcn()[f.nhit() - 1], e.lcn()[e.nhit() - 1]);
        }
    }

    @Test
    public void aNewRunIsAnnouncedBeforeItsFirstRecordAndAfterThePreviousRunsLast() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        SyntheticReader reader = reader("rate", 0.0, "events", 50L, "subrun.events", 10, "run.subruns", 2, "run", 7);
        reader.read(sink);
        List<String> expected = new ArrayList<>();
        for (int run = 7; run <= 9; run++) {
            expected.add("run=" + run);
            for (int subrun = 0; subrun < 2 && (run - 7) * 20 + subrun * 10 < 50; subrun++) {
                expected.add("RunHeader " + run);
                for (int i = 0; i < 10; i++) {
                    expected.add("event " + run);
                }
            }
        }
        assertEquals(expected, sink.log);
        assertEquals("synthetic run 9 subrun 0, 50 of 50 events (as fast as possible)", reader.describe());
    }

    @Test
    public void aRestartGoesOnWithTheRecordAfterTheLastPositionOfTheSameDetector() throws Exception {
        Object[] settings = {"rate", 0.0, "events", 50L, "subrun.events", 10, "run.subruns", 2, "run", 7, "batch", 4};
        CollectingSink whole = new CollectingSink(LOG);
        reader(settings).read(whole);

        CollectingSink before = new CollectingSink(LOG).closeAfter(25);
        reader(settings).read(before);
        CollectingSink after = new CollectingSink(LOG).resumingFrom(before.lastPosition());
        SyntheticReader resumed = reader(settings);
        resumed.read(after);

        List<Object> joined = new ArrayList<>(before.records);
        joined.addAll(after.records);
        assertEquals(whole.records.size(), joined.size());
        for (int i = 0; i < joined.size(); i++) {
            assertEquals("record " + i, LOG.apply(whole.records.get(i)), LOG.apply(joined.get(i)));
        }
        assertEquals(whole.events().get(whole.events().size() - 1).gtid(),
                after.events().get(after.events().size() - 1).gtid());
        assertTrue("the run is announced first", after.log.get(0).startsWith("run="));
        assertEquals("synthetic run 9 subrun 0, 50 of 50 events (as fast as possible)", resumed.describe());

        // another seed is another detector: its position is not this one's
        CollectingSink other = new CollectingSink(LOG).resumingFrom(before.lastPosition());
        reader("rate", 0.0, "events", 50L, "seed", 2L).read(other);
        assertEquals(50, other.events().size());
    }

    @Test
    public void stopsPromptlyWhenTheSinkCloses() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        SyntheticReader reader = reader("rate", 0.5);
        Thread t = new Thread(() -> run(reader, sink));
        t.start();
        sink.awaitPublished(1);
        Thread.sleep(50); // into the wait for the next event, seconds away
        long t0 = System.nanoTime();
        sink.open = false;
        t.join(2000);
        assertFalse("still reading", t.isAlive());
        assertStoppedWithin(200, t0);
        assertTrue(sink.events().size() <= 2);
    }

    @Test
    public void stopsPromptlyWhenInterrupted() throws Exception {
        CollectingSink sink = new CollectingSink(LOG);
        SyntheticReader reader = reader("rate", 0.5);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        sink.awaitPublished(1);
        Thread.sleep(50);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(2000);
        assertFalse("still reading", t.isAlive());
        assertStoppedWithin(200, t0);
        assertNull(failure.get());
    }

    @Test
    public void stopsPromptlyAtFullSpeedToo() throws Exception {
        CollectingSink sink = new CollectingSink(LOG).closeAfter(5000);
        long t0 = System.nanoTime();
        reader("rate", 0.0).read(sink);
        assertStoppedWithin(2000, t0);
        assertTrue(sink.records.size() >= 5000 && sink.records.size() < 5000 + 256);
    }

    @Test
    public void aRetryAfterAFailurePublishesTheFailedBatchAndGoesOn() throws Exception {
        SyntheticReader reader = reader("rate", 0.0, "events", 100L, "batch", 10, "gtid.skip", 0.0, "mix", "physics=1");
        CollectingSink failing = new CollectingSink(LOG).failOnPublish(3);
        try {
            reader.read(failing);
            fail("the failure did not reach the caller");
        } catch (IllegalStateException expected) {
            // the core reports it and calls read again
        }
        CollectingSink retry = new CollectingSink(LOG);
        reader.read(retry);
        List<PmtEvent> all = new ArrayList<>(failing.events());
        all.addAll(retry.events());
        assertEquals(100, all.size());
        for (int i = 1; i < all.size(); i++) {
            assertEquals((all.get(i - 1).gtid() + 1) & 0xFFFFFF, all.get(i).gtid());
        }
        assertEquals("run=300000", retry.log.get(0));
    }

    @Test
    public void describeNamesTheRunTheEventsAndTheRate() throws Exception {
        SyntheticReader reader = reader("rate", 0.0, "events", 0L, "run", 12);
        assertEquals("synthetic run 12 subrun 0, 0 events (as fast as possible)", reader.describe());
        reader.read(new CollectingSink(LOG).closeAfter(100));
        assertTrue(reader.describe(), reader.describe().matches("synthetic run 12 subrun 0, \\d+ events \\(as fast as possible\\)"));
        assertEquals("synthetic (not configured)", new SyntheticReader().describe());
    }

    @Test
    public void activationReadsTheConfigurationWithItsDefaults() throws Exception {
        SyntheticReader reader = new SyntheticReader();
        reader.activate(Configs.of(SyntheticReaderConfig.class, "events", 3L, "rate", 0.0), PROPS);
        CollectingSink sink = new CollectingSink(LOG);
        reader.read(sink);
        assertEquals(3, sink.events().size());
        assertEquals(300000, sink.events().get(0).run());
        assertEquals("synthetic run 300000 subrun 0, 3 of 3 events (as fast as possible)", reader.describe());

        SyntheticReaderSettings s = SyntheticReaderSettings.from(Configs.of(SyntheticReaderConfig.class), 0);
        assertEquals(1000, s.rate(), 0);
        assertEquals(1, s.detector().seed());
        assertEquals(60000, s.detector().subrunEvents());
        assertEquals(400, s.detector().deadChannels());
        assertEquals("physics=0.93,muon=0.0002,pulser=0.02,ped=0.02,owl=0.01,orphan=0.02", s.detector().mix().toString());
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKeyAndTheReason() {
        assertBad("bad configuration: rate must be between 0 and 1e9 Hz, not -3", "rate", -3.0);
        assertBad("bad configuration: rate must be between 0 and 1e9 Hz, not NaN", "rate", Double.NaN);
        assertBad("bad configuration: rate cannot be read", "rate", "fast");
        assertBad("bad configuration: run must be >= 0, not -1", "run", -1);
        assertBad("bad configuration: subrun.events must be >= 0", "subrun.events", -5);
        assertBad("bad configuration: run.subruns must be >= 0", "run.subruns", -1);
        assertBad("bad configuration: events must be >= 0", "events", -1L);
        assertBad("bad configuration: mix has an unknown kind \"muons\"", "mix", "physics=1,muons=2");
        assertBad("bad configuration: mix weight of ped must be a number >= 0, not \"lots\"", "mix", "ped=lots");
        assertBad("bad configuration: mix needs a weight above 0", "mix", "physics=0");
        assertBad("bad configuration: prescale must be >= 0", "prescale", -2);
        assertBad("bad configuration: gtid must be -1 or 0..16777215, not 16777216", "gtid", 1 << 24);
        assertBad("bad configuration: dead.channels must be between 0 and 4000, not 5000", "dead.channels", 5000);
        assertBad("bad configuration: hot.channels must be between 0 and 100, not -1", "hot.channels", -1);
        assertBad("bad configuration: gtid.skip must be a probability between 0 and 1, not 2", "gtid.skip", 2.0);
        assertBad("bad configuration: clock.glitch must be a probability", "clock.glitch", -0.1);
        assertBad("bad configuration: hit.cgt.es16 must be a probability", "hit.cgt.es16", 1.5);
        assertBad("bad configuration: hit.cgt.es24 must be a probability", "hit.cgt.es24", 1.5);
        assertBad("bad configuration: hit.cmos.es16 must be a probability", "hit.cmos.es16", 1.5);
        assertBad("bad configuration: hit.missed must be a probability", "hit.missed", 1.5);
        assertBad("bad configuration: hit.lgi.select must be a probability", "hit.lgi.select", Double.NaN);
        assertBad("bad configuration: batch must be between 1 and 65536, not 0", "batch", 0);
    }

    private static void assertBad(String message, String key, Object value) {
        SyntheticReader reader = new SyntheticReader();
        Configs.assertRejected(message,
                () -> reader.activate(Configs.of(SyntheticReaderConfig.class, key, value), PROPS));
    }

    // ------------------------------------------------------------------ helpers

    private static void assertStoppedWithin(long ms, long since) {
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        assertTrue("stopped after " + took + " ms", took < ms);
    }

    private static void run(SyntheticReader reader, CollectingSink sink) {
        try {
            reader.read(sink);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static SyntheticReaderConfig config(Object... keyValues) {
        return Configs.of(SyntheticReaderConfig.class, keyValues);
    }

    private static SyntheticReader reader(Object... keyValues) {
        return new SyntheticReader(SyntheticReaderSettings.from(config(keyValues), 1_767_225_600_000L));
    }
}
