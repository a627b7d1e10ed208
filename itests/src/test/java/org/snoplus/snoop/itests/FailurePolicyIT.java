package org.snoplus.snoop.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.After;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.ServiceRegistration;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;

/**
 * The failure policy and the sampler, with processors registered from another bundle (this test's
 * probe) into a real framework.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FailurePolicyIT extends SnoopTestSupport {

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<org.osgi.service.cm.Configuration> readers = new ArrayList<>();
    private Path documents;

    @Configuration
    public Option[] config() throws Exception {
        return baseOptions();
    }

    @Before
    public void setUp() throws Exception {
        configure("snoop.core", Map.of("sample.period.ms", 200L, "sample.timeout.ms", 500L, "quarantine.errors", 10,
                "event.timeout.ms", 1000L));
        documents = dir().resolve("data/documents.jsonl");
        configureFactory("snoop.writer.jsonl", "documents", Map.of("path", documents.toString()));
        waitFor("writer", 5000, () -> !admin.writers().isEmpty());
    }

    private final CountDownLatch stuckRelease = new CountDownLatch(1);

    @After
    public void tearDown() throws Exception {
        stuckRelease.countDown();
        for (ServiceRegistration<?> r : registrations) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered by the test
            }
        }
        for (org.osgi.service.cm.Configuration c : readers) {
            c.delete();
        }
        waitFor("readers gone", 5000, () -> admin.readers().isEmpty());
    }

    private ServiceRegistration<?> register(String name, Processor<?> p) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Processor.NAME, name);
        ServiceRegistration<?> r = context.registerService(Processor.class, p, props);
        registrations.add(r);
        return r;
    }

    private void read(String name, Path file, int rate) throws Exception {
        readers.add(configureFactory("snoop.reader.ndjson", name, Map.of("file", file.toString(), "rate", rate)));
    }

    @Test
    public void anAbortSkipsTheEventButRepeatedExceptionsQuarantine() throws Exception {
        register("aborting", new Counter() {
            @Override
            public void event(Object e) {
                throw new ProcessorAbort("not interesting");
            }
        });
        register("failing", new Counter() {
            @Override
            public void event(Object e) {
                throw new IllegalStateException("bug in failing");
            }
        });
        Counter healthy = new Counter();
        register("healthy-a", healthy);
        waitFor("three processors", 5000, () -> processor("aborting") != null && processor("failing") != null
                && processor("healthy-a") != null);
        read("hundred", events("hundred.ndjson", 100), 0);
        waitFor("all events seen", 10_000, () -> healthy.total == 100 && processor("aborting").aborts() == 100);
        // each processor gets the batch in its own time: one that was being sampled when the events
        // came gets them (held) when its sample returns, after the others
        waitFor("the failing processor quarantined", 10_000,
                () -> processor("failing").state() == ProcessorState.QUARANTINED);
        assertEquals(ProcessorState.ACTIVE, processor("aborting").state());
        assertEquals(0, processor("aborting").errors());
        assertEquals(ProcessorState.QUARANTINED, processor("failing").state());
        assertEquals(10, processor("failing").errors());
        String listing = shell("snoop:processors");
        assertTrue(listing, listing.lines().anyMatch(l -> l.startsWith("failing ") && l.contains("QUARANTINED")
                && l.contains("bug in failing")));
        assertTrue(shell("snoop:enable failing").contains("enabled"));
        assertEquals(ProcessorState.ACTIVE, processor("failing").state());
    }

    @Test
    public void aHungSampleStallsNeitherTheEventsNorTheOtherSamples() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        register("hanging", new Counter() {
            @Override
            public Map<String, Object> sample() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.sample();
            }
        });
        Counter healthy = new Counter();
        register("healthy-b", healthy);
        waitFor("processors", 5000, () -> processor("hanging") != null && processor("healthy-b") != null);
        read("steady", events("steady.ndjson", 3000), 1000);
        waitFor("hanging reported", 5000, () -> processor("hanging").state() == ProcessorState.HUNG);
        long docsAtHang = count("healthy-b");
        waitFor("the healthy processor is still sampled", 5000, () -> count("healthy-b") >= docsAtHang + 5);
        waitFor("every event reached the healthy processor", 10_000, () -> healthy.total == 3000);
        assertTrue(processor("hanging").errors() >= 1);
        assertTrue(shell("snoop:processors").contains("HUNG"));
        release.countDown();
        waitFor("hanging recovers", 5000, () -> processor("hanging").state() == ProcessorState.ACTIVE);
        // what it could not hold meanwhile is counted, never silently gone
        waitFor("held events delivered", 5000, () ->
                processor("hanging").events() + processor("hanging").lost() == 3000);
    }

    @Test
    public void aProcessorStuckInEventIsShownHungWhileTheOthersKeepTheirRateAndItsSuccessorCounts() throws Exception {
        long[] hungAt = {-1};
        Counter stuck = new Counter() {
            // a state is taken after a sample (on a checkpoint's tick): the hang comes after one was,
            // so that there is a last good state to take over, however late the first tick comes
            volatile boolean stateTaken;

            @Override
            public Object handoff() {
                stateTaken = true;
                return super.handoff();
            }

            @Override
            public void event(Object e) {
                super.event(e);
                if (total >= 1500 && stateTaken && hungAt[0] < 0) {
                    hungAt[0] = total;
                    try {
                        stuckRelease.await(); // a bug: never returns
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        ServiceRegistration<?> stuckService = register("stuck", stuck);
        Counter healthy = new Counter();
        register("healthy-c", healthy);
        waitFor("processors", 5000, () -> processor("stuck") != null && processor("healthy-c") != null);
        // 30 s: the first state of the stuck one is taken at the next checkpoint (every 10 s)
        read("paced", events("paced.ndjson", 30_000), 1000);

        waitFor("the stuck one reported", 25_000, () -> processor("stuck").state() == ProcessorState.HUNG);
        assertTrue(processor("stuck").lastError(), processor("stuck").lastError().contains("event() did not return"));
        assertTrue(shell("snoop:processors").lines().anyMatch(l -> l.startsWith("stuck ") && l.contains("HUNG")));
        long t0 = System.nanoTime();
        long n0 = healthy.total;
        Thread.sleep(2000);
        double rate = (healthy.total - n0) * 1e9 / (System.nanoTime() - t0);
        assertTrue("the healthy processor kept its rate: " + rate + " events/s", rate > 500);
        long docs = count("healthy-c");
        waitFor("and is still sampled", 5000, () -> count("healthy-c") >= docs + 3);

        // the bundle is updated: the stuck service goes, a fixed one comes; it takes over the state of
        // the stuck one's last good sample and counts from there
        stuckService.unregister();
        Counter fixed = new Counter();
        register("stuck", fixed);
        waitFor("the fixed one live", 10_000, () -> processor("stuck").state() == ProcessorState.ACTIVE);
        long from = fixed.tookOver;
        assertTrue("it took over a state from before the hang (at " + hungAt[0] + "): " + from,
                from > 0 && from <= hungAt[0]);
        waitFor("it counts", 15_000, () -> fixed.total > from + 1000);
    }

    @Test
    public void aHungSampleReplacedByAFixedVersionCounts() throws Exception {
        CountDownLatch never = stuckRelease;
        ServiceRegistration<?> hung = register("hung-sample", new Counter() {
            @Override
            public Map<String, Object> sample() {
                try {
                    never.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.sample();
            }
        });
        waitFor("it is hung", 10_000, () -> processor("hung-sample") != null
                && processor("hung-sample").state() == ProcessorState.HUNG);
        hung.unregister();
        Counter fixed = new Counter();
        register("hung-sample", fixed);
        waitFor("the fixed one live", 10_000, () -> processor("hung-sample").state() == ProcessorState.ACTIVE);
        read("after-hang", events("after-hang.ndjson", 500), 0);
        waitFor("it counts every event", 10_000, () -> fixed.total == 500);
        waitFor("and is sampled", 5000, () -> count("hung-sample") >= 2);
    }

    @Test
    public void aChangedSamplePeriodAppliesLive() throws Exception {
        register("ticking", new Counter());
        waitFor("ticking sampled", 5000, () -> count("ticking") >= 2);
        configure("snoop.core", Map.of("sample.period.ms", 1000L, "sample.timeout.ms", 500L));
        Thread.sleep(1200);
        long t = lastTime("ticking");
        waitFor("two more samples", 8000, () -> times("ticking", t).size() >= 3);
        List<Long> times = times("ticking", t);
        assertTrue(times.toString(), times.size() >= 2);
        // on the new grid; a tick may be missed on a loaded machine, never put off the grid
        assertEquals(1000, minimumSpacing(times));
        assertEquals(0, times.get(1) % 1000);
        configure("snoop.core", Map.of("sample.period.ms", 200L, "sample.timeout.ms", 500L));
        Thread.sleep(500);
        long t2 = lastTime("ticking");
        waitFor("faster samples", 5000, () -> times("ticking", t2).size() >= 5);
        List<Long> fast = times("ticking", t2);
        assertEquals(200, minimumSpacing(fast.subList(1, fast.size())));
    }

    // ------------------------------------------------------------------ helpers

    /** The smallest spacing of consecutive times, which must all lie on one grid of that spacing. */
    private static long minimumSpacing(List<Long> times) {
        long min = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            min = Math.min(min, times.get(i) - times.get(i - 1));
        }
        for (int i = 1; i < times.size(); i++) {
            assertEquals("off the grid: " + times, 0, (times.get(i) - times.get(i - 1)) % min);
        }
        return min;
    }

    private long count(String name) {
        return times(name, 0).size();
    }

    private long lastTime(String name) {
        List<Long> t = times(name, 0);
        return t.isEmpty() ? 0 : t.get(t.size() - 1);
    }

    private List<Long> times(String name, long after) {
        List<Long> out = new ArrayList<>();
        try {
            for (Map<String, Object> d : documents(documents)) {
                long time = ((Number) d.get("time")).longValue();
                if (name.equals(d.get("name")) && time > after) {
                    out.add(time);
                }
            }
        } catch (Exception e) {
            // file being written: try again
        }
        return out;
    }

    static class Counter implements Processor<Object> {
        volatile long total;
        /** The total it took over (-1: none); total goes on from there at once. */
        volatile long tookOver = -1;
        long window;

        public Class<Object> eventType() {
            return Object.class;
        }

        public void event(Object e) {
            total++;
            window++;
        }

        public Map<String, Object> sample() {
            Map<String, Object> m = Map.of("count", window, "total", total);
            window = 0;
            return m;
        }

        @Override
        public Object handoff() {
            return Map.of("total", total);
        }

        @Override
        public void takeover(Object state) {
            total = ((Number) ((Map<?, ?>) state).get("total")).longValue();
            tookOver = total;
        }
    }
}
