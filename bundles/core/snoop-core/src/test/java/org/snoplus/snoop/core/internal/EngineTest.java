package org.snoplus.snoop.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.osgi.framework.Version;
import org.snoplus.snoop.admin.ProcessorState;
import org.snoplus.snoop.admin.ProcessorInfo;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.processor.ProcessorAbort;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.writer.Writer;

public class EngineTest {

    private Engine engine;
    private final CollectingWriter writer = new CollectingWriter();

    private Engine start(long periodMs, int ringSize) {
        engine = new Engine(new CoreSettings(periodMs, 300, 2000, 5, ringSize, 5000, "test", 1000));
        engine.addWriter("mem", writer, 0);
        engine.start();
        return engine;
    }

    @After
    public void stop() {
        if (engine != null) {
            engine.stop(Duration.ofSeconds(5));
        }
    }

    @Test
    public void everyEventReachesTheProcessorAndSamplesReachTheWriter() throws Exception {
        start(100, 1024);
        Counter c = new Counter();
        engine.bind("count", c, Version.parseVersion("1.0.0"), "b");
        engine.addReader("numbers", new Numbers(100_000, 0));
        waitFor(() -> info("count").events() == 100_000);
        waitFor(() -> writer.of("count").stream().mapToLong(d -> ((Number) d.data().get("count")).longValue())
                .sum() == 100_000);
        SampleDocument d = writer.of("count").get(0);
        assertEquals("count@test:" + d.time(), d.id());
        assertEquals(0, d.time() % 100); // on the period grid
        assertEquals("1.0.0", d.version());
        assertEquals(d.time(), d.windowEnd());
    }

    @Test
    public void eventsOfOtherTypesAreNotDelivered() throws Exception {
        start(100, 1024);
        List<String> seen = new ArrayList<>();
        Processor<String> strings = new Processor<>() {
            public Class<String> eventType() {
                return String.class;
            }

            public void event(String e) {
                seen.add(e);
            }

            public Map<String, Object> sample() {
                return Map.of();
            }
        };
        engine.bind("strings", strings, Version.parseVersion("1"), "b");
        engine.addReader("mixed", sink -> {
            sink.publish(new Object[] {1L, "a", 2.0, "b"}, 0, 4);
        });
        waitFor(() -> seen.size() == 2);
        assertEquals(List.of("a", "b"), seen);
    }

    @Test
    public void upgradeKeepsStateAndLosesNoEvents() throws Exception {
        start(50, 1 << 16);
        Counter v1 = new Counter();
        engine.bind("count", v1, Version.parseVersion("1.0.0"), "b");
        Numbers numbers = new Numbers(200_000, 100_000);
        engine.addReader("numbers", numbers);
        waitFor(() -> v1.total > 20_000);
        for (int i = 0; i < 5; i++) {
            Counter next = new Counter();
            engine.unbind(i == 0 ? v1 : lastCounter);
            Thread.sleep(20); // the gap FileInstall leaves between two versions
            engine.bind("count", next, Version.parseVersion("1.0." + (i + 1)), "b");
            lastCounter = next;
            Thread.sleep(100);
        }
        waitFor(() -> numbers.done);
        waitFor(() -> lastCounter.total == 200_000);
        ProcessorInfo info = info("count");
        assertEquals(200_000, info.events());
        assertEquals(0, info.lost());
        assertEquals("1.0.5", info.version());
        // a 50 ms period: the live version may be caught in one of its samples
        assertTrue(info.state().toString(), info.state() == ProcessorState.ACTIVE || info.state() == ProcessorState.SAMPLING);
    }

    private Counter lastCounter;

    @Test
    public void aNewerVersionBesideAnOlderOneTakesOverAndRemovingItRollsBack() throws Exception {
        start(60_000, 1024);
        Counter v1 = new Counter();
        Counter v2 = new Counter();
        engine.bind("count", v1, Version.parseVersion("1.0.0.a"), "b");
        Numbers first = new Numbers(1000, 0);
        engine.addReader("first", first);
        waitFor(() -> v1.total == 1000);
        engine.bind("count", v2, Version.parseVersion("1.0.0.b"), "b");
        assertEquals("1.0.0.b", info("count").version());
        engine.addReader("second", new Numbers(500, 0));
        waitFor(() -> v2.total == 1500);
        engine.unbind(v2);
        assertEquals("1.0.0.a", info("count").version());
        assertEquals(1500, v1.total); // rolled back with the newer one's state
        // an older version arriving waits behind the live one
        Counter v0 = new Counter();
        engine.bind("count", v0, Version.parseVersion("0.9.0"), "b");
        assertEquals("1.0.0.a", info("count").version());
    }

    @Test
    public void abortKeepsTheProcessorButRepeatedFailuresQuarantineIt() throws Exception {
        start(60_000, 1024);
        Processor<Object> aborting = new Counter() {
            @Override
            public void event(Object e) {
                throw new ProcessorAbort("not this one");
            }
        };
        Processor<Object> failing = new Counter() {
            @Override
            public void event(Object e) {
                throw new IllegalStateException("bug");
            }
        };
        Counter healthy = new Counter();
        engine.bind("aborting", aborting, Version.parseVersion("1"), "b");
        engine.bind("failing", failing, Version.parseVersion("1"), "b");
        engine.bind("healthy", healthy, Version.parseVersion("1"), "b");
        engine.addReader("numbers", new Numbers(1000, 0));
        waitFor(() -> healthy.total == 1000);
        waitFor(() -> info("aborting").aborts() == 1000);
        assertEquals(ProcessorState.ACTIVE, info("aborting").state());
        assertEquals(0, info("aborting").errors());
        assertEquals(ProcessorState.QUARANTINED, info("failing").state());
        assertEquals(5, info("failing").errors()); // quarantine.errors = 5
        assertTrue(info("failing").lastError().contains("bug"));
        engine.enable("failing");
        assertEquals(ProcessorState.ACTIVE, info("failing").state());
    }

    @Test
    public void aHungSampleStallsNeitherTheEventsNorTheOtherSamples() throws Exception {
        start(50, 1 << 12);
        CountDownLatch release = new CountDownLatch(1);
        Counter hanging = new Counter() {
            @Override
            public Map<String, Object> sample() {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return super.sample();
            }
        };
        Counter healthy = new Counter();
        engine.bind("hanging", hanging, Version.parseVersion("1"), "b");
        engine.bind("healthy", healthy, Version.parseVersion("1"), "b");
        Numbers numbers = new Numbers(50_000, 20_000);
        engine.addReader("numbers", numbers);
        waitFor(() -> info("hanging").state() == ProcessorState.HUNG);
        int before = writer.of("healthy").size();
        waitFor(() -> writer.of("healthy").size() > before + 3);
        waitFor(() -> numbers.done && healthy.total == 50_000);
        // the hung processor held what fit in its buffer and lost the rest, counted
        ProcessorInfo h = info("hanging");
        assertTrue(h.errors() >= 1);
        release.countDown();
        try { waitFor(() -> info("hanging").events() + info("hanging").lost() == 50_000); } catch (AssertionError e) { throw new AssertionError(info("hanging").toString()); }
        assertTrue(info("hanging").lost() > 0);
    }

    @Test
    public void drainTakesAFinalSampleAndWritesIt() throws Exception {
        start(60_000, 1024);
        Counter c = new Counter();
        engine.bind("count", c, Version.parseVersion("1"), "b");
        engine.addReader("numbers", new Numbers(5000, 0));
        waitFor(() -> c.total == 5000);
        long before = System.currentTimeMillis();
        engine.drain(Duration.ofSeconds(5));
        List<SampleDocument> docs = writer.of("count");
        SampleDocument last = docs.get(docs.size() - 1);
        assertTrue("the final sample is taken at drain time", last.time() >= before);
        // (a period tick may have fallen inside the test: then there are two documents)
        assertEquals(5000L, docs.stream().mapToLong(d -> (Long) d.data().get("count")).sum());
    }

    @Test
    public void theFinalTickFindingAProcessorSamplingTakesItsFinalSampleAfterThatOne() throws Exception {
        // (in a drain, a tick asked for while the loop was held up can start between the catching up and the
        // final tick)
        engine = new Engine(new CoreSettings(60_000, 10_000, 2000, 5, 1024, 5000, "test", 1000));
        engine.addWriter("mem", writer, 0);
        engine.start();
        CountDownLatch inSample = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean first = new java.util.concurrent.atomic.AtomicBoolean(true);
        Counter slow = new Counter() {
            @Override
            public Map<String, Object> sample() {
                if (first.getAndSet(false)) {
                    inSample.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return super.sample();
            }
        };
        engine.bind("slow", slow, Version.parseVersion("1"), "b");
        engine.addReader("numbers", new Numbers(3000, 0));
        waitFor(() -> slow.total == 3000);
        CompletableFuture<SampleDocument> running = engine.loop().call(new Sampler.SampleNow("slow"));
        assertTrue(inSample.await(5, TimeUnit.SECONDS));
        long t = System.currentTimeMillis();
        List<CompletableFuture<SampleDocument>> finals = engine.loop().call(loop -> loop.sampler().tick(t, true));
        assertEquals("a final sample of the processor that samples", 1, finals.size());
        release.countDown();
        assertTrue(running.get(5, TimeUnit.SECONDS).time() < t);
        SampleDocument last = finals.get(0).get(5, TimeUnit.SECONDS);
        assertTrue("taken after the one running: " + last, last.time() >= t);
        waitFor(() -> writer.of("slow").contains(last));
        List<SampleDocument> written = writer.of("slow");
        assertEquals("the writers get them in the order of their times", last, written.get(written.size() - 1));
        assertEquals(3000L, writer.of("slow").stream().mapToLong(d -> (Long) d.data().get("count")).sum());
    }

    @Test
    public void samplePeriodChangesLive() throws Exception {
        start(10_000, 1024);
        engine.bind("count", new Counter(), Version.parseVersion("1"), "b");
        Thread.sleep(300);
        // ticks fall on whole periods of the clock: one may have come in the 300 ms, not two
        int before = writer.of("count").size();
        assertTrue(before <= 1);
        engine.configure(engine.settings().withSamplePeriod(50));
        waitFor(() -> writer.of("count").size() >= before + 3);
    }

    // ------------------------------------------------------------------ helpers

    private ProcessorInfo info(String name) {
        return engine.processors().stream().filter(p -> p.name().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no processor " + name));
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 10_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }

    static class Counter implements Processor<Object> {
        long window;
        long total;

        public Class<Object> eventType() {
            return Object.class;
        }

        public void event(Object e) {
            window++;
            total++;
        }

        public Map<String, Object> sample() {
            Map<String, Object> m = Map.of("count", window, "total", total);
            window = 0;
            return m;
        }

        @Override
        public Object handoff() {
            return Map.of("total", total, "window", window);
        }

        @Override
        public void takeover(Object state) {
            Map<?, ?> m = (Map<?, ?>) state;
            total = ((Number) m.get("total")).longValue();
            window = ((Number) m.get("window")).longValue();
        }
    }

    /** Publishes 0..n-1 as Longs, at a rate (events/s) or as fast as possible. */
    static class Numbers implements Reader {
        final int n;
        final int rate;
        volatile boolean done;

        Numbers(int n, int rate) {
            this.n = n;
            this.rate = rate;
        }

        @Override
        public void read(EventSink sink) throws Exception {
            long start = System.nanoTime();
            Object[] batch = new Object[100];
            for (int i = 0; i < n && sink.isOpen(); i += batch.length) {
                int k = Math.min(batch.length, n - i);
                for (int j = 0; j < k; j++) {
                    batch[j] = (long) (i + j);
                }
                sink.publish(batch, 0, k);
                if (rate > 0) {
                    long due = start + (long) ((i + k) * 1e9 / rate);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    }
                }
            }
            done = true;
        }
    }

    static class CollectingWriter implements Writer {
        final List<SampleDocument> docs = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void write(List<SampleDocument> batch) {
            docs.addAll(batch);
        }

        List<SampleDocument> of(String name) {
            synchronized (docs) {
                return docs.stream().filter(d -> d.name().equals(name)).toList();
            }
        }
    }

}
