package org.snoplus.snoop.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Version;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.core.internal.EngineTest.CollectingWriter;
import org.snoplus.snoop.core.internal.EngineTest.Counter;
import org.snoplus.snoop.core.internal.EngineTest.Numbers;

/** A processor stuck in event() or in sample() is contained: the others go on, a new version takes over. */
public class ContainmentTest {

    private Engine engine;
    private final CollectingWriter writer = new CollectingWriter();
    private final CountDownLatch release = new CountDownLatch(1);

    private void start(long eventTimeoutMs) {
        engine = new Engine(new CoreSettings(100, 300, eventTimeoutMs, 5, 1 << 14, 5000, "test", 1000));
        engine.addWriter("mem", writer, 0);
        engine.start();
    }

    @After
    public void stop() {
        release.countDown();
        if (engine != null) {
            engine.stop(Duration.ofSeconds(5));
        }
    }

    /** Counts events, and from event {@code at} on never returns from event() until released. */
    class StuckAt extends Counter {
        final long at;

        StuckAt(long at) {
            this.at = at;
        }

        @Override
        public void event(Object e) {
            super.event(e);
            if (total == at) {
                try {
                    release.await();
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    @Test
    public void aProcessorStuckInEventIsLeftBehindTheOthersKeepTheirEventsAndANewVersionTakesOver() throws Exception {
        start(500);
        StuckAt stuck = new StuckAt(3000);
        Counter healthy = new Counter();
        engine.bind("stuck", stuck, Version.parseVersion("1.0.0"), "b");
        engine.bind("healthy", healthy, Version.parseVersion("1.0.0"), "b");
        Numbers numbers = new Numbers(40_000, 10_000); // 4 s
        engine.addReader("numbers", numbers);

        waitFor("the stuck processor reported", () -> info("stuck").state() == ProcessorState.HUNG);
        ProcessorInfo hung = info("stuck");
        assertTrue(hung.lastError(), hung.lastError().contains("event() did not return within 500 ms"));
        long atHang = healthy.total;
        waitFor("the healthy one keeps receiving", () -> healthy.total > atHang + 5000);
        waitFor("every event reached the healthy one", () -> numbers.done && healthy.total == 40_000);
        int docs = writer.of("healthy").size();
        waitFor("and it is still sampled", () -> writer.of("healthy").size() > docs + 2);

        // a fixed version takes over the state of the stuck one's last good sample, and counts
        Counter fixed = new Counter();
        engine.bind("stuck", fixed, Version.parseVersion("1.0.1"), "b");
        waitFor("the fixed version live", () -> info("stuck").state() == ProcessorState.ACTIVE
                && "1.0.1".equals(info("stuck").version()));
        assertTrue("took over a state from before the hang: " + fixed.total, fixed.total > 0 && fixed.total <= 3000);
        long from = fixed.total;
        engine.addReader("more", new Numbers(1000, 0));
        waitFor("the fixed version counts", () -> fixed.total == from + 1000);

        // the stuck call comes back: its thread ends without touching the loop
        release.countDown();
        engine.addReader("again", new Numbers(500, 0));
        waitFor("the loop goes on", () -> fixed.total == from + 1500 && healthy.total == 41_500);
        assertEquals(3000, stuck.total); // it got nothing after its stuck call
    }

    @Test
    public void aHungSampleReplacedByAFixedVersionCounts() throws Exception {
        start(5000);
        Counter hanging = new Counter() {
            int samples;

            @Override
            public Map<String, Object> sample() {
                if (++samples > 2) {
                    try {
                        release.await();
                    } catch (InterruptedException x) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.sample();
            }
        };
        engine.bind("hanging", hanging, Version.parseVersion("1.0.0"), "b");
        Numbers numbers = new Numbers(2000, 4000);
        engine.addReader("numbers", numbers);
        waitFor("hung", () -> info("hanging").state() == ProcessorState.HUNG);

        // as FileInstall updates a bundle: the old service goes, then the new one comes
        engine.unbind(hanging);
        Counter fixed = new Counter();
        engine.bind("hanging", fixed, Version.parseVersion("1.0.1"), "b");
        waitFor("the fixed version is live", () -> info("hanging").state() == ProcessorState.ACTIVE);
        // it takes what was held for the hung one too
        waitFor("the first input delivered", () -> numbers.done && info("hanging").held() == 0
                && info("hanging").events() + info("hanging").lost() == 2000);
        long from = fixed.total;
        engine.addReader("more", new Numbers(3000, 0));
        waitFor("and counts", () -> fixed.total == from + 3000);
        int before = writer.of("hanging").size();
        waitFor("and is sampled", () -> writer.of("hanging").size() > before + 2);
        assertEquals(ProcessorState.ACTIVE, info("hanging").state());
    }

    @Test
    public void sampleNowThatMeetsATicksSampleWaitsForItInsteadOfFailing() throws Exception {
        start(5000);
        Counter slow = new Counter() {
            @Override
            public Map<String, Object> sample() {
                try {
                    Thread.sleep(150); // longer than the period: a tick's sample is nearly always running
                } catch (InterruptedException x) {
                    Thread.currentThread().interrupt();
                }
                return super.sample();
            }
        };
        engine.bind("slow", slow, Version.parseVersion("1.0.0"), "b");
        engine.addReader("numbers", new Numbers(1000, 0));
        waitFor("events", () -> slow.total == 1000);
        for (int i = 0; i < 5; i++) {
            assertEquals(1000L, engine.sampleNow("slow", Duration.ofSeconds(5)).data().get("total"));
        }
    }

    @Test(timeout = 60_000) // without containment, bind() never returns
    public void aTakeoverThatNeverReturnsIsLeftBehindAndTheOlderVersionGoesOn() throws Exception {
        start(5000);
        Counter v1 = new Counter();
        engine.bind("count", v1, Version.parseVersion("1.0.0"), "b");
        Numbers numbers = new Numbers(20_000, 10_000); // 2 s
        engine.addReader("numbers", numbers);
        waitFor("counting", () -> v1.total > 2000);
        Counter hanging = new Counter() {
            @Override
            public void takeover(Object state) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        long t = System.nanoTime();
        engine.bind("count", hanging, Version.parseVersion("1.0.1"), "b");
        long ms = (System.nanoTime() - t) / 1_000_000;
        assertTrue("bind returned after " + ms + " ms", ms < 3000);
        ProcessorInfo i = info("count");
        assertEquals("the older version live again", "1.0.0", i.version());
        assertTrue(i.lastError(), i.lastError().contains("takeover() did not return within 300 ms"));
        waitFor("every event counted by it", () -> numbers.done && v1.total == 20_000);
        assertEquals(0, hanging.total);

        Counter fixed = new Counter();
        engine.bind("count", fixed, Version.parseVersion("1.0.2"), "b");
        assertEquals("1.0.2", info("count").version());
        assertEquals("the fixed one took the state over", 20_000, fixed.total);
    }

    @Test(timeout = 60_000) // without containment, bind() never returns
    public void aHandoffThatNeverReturnsIsLeftBehindAndTheNewVersionGoesLive() throws Exception {
        start(5000);
        Counter v1 = new Counter() {
            @Override
            public Object handoff() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.handoff();
            }
        };
        engine.bind("count", v1, Version.parseVersion("1.0.0"), "b");
        engine.addReader("numbers", new Numbers(1000, 0));
        waitFor("counted", () -> v1.total == 1000);
        Counter v2 = new Counter();
        long t = System.nanoTime();
        engine.bind("count", v2, Version.parseVersion("1.0.1"), "b");
        assertTrue("bind returned in time", (System.nanoTime() - t) / 1_000_000 < 3000);
        assertEquals("1.0.1", info("count").version());
        assertTrue(info("count").lastError(), info("count").lastError().contains("handoff() did not return"));
        Numbers more = new Numbers(500, 0);
        engine.addReader("more", more);
        waitFor("the new version counts", () -> more.done && v2.total >= 500);
    }

    private ProcessorInfo info(String name) {
        return engine.processors().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no processor " + name + " in " + engine.processors()));
    }

    static void waitFor(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }
}
