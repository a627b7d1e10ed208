package org.snoplus.snoop.core.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.osgi.framework.Version;
import org.snoplus.snoop.core.internal.EngineTest.CollectingWriter;
import org.snoplus.snoop.core.internal.EngineTest.Counter;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;

/**
 * Checkpoints and the journal: an engine stopped without its final sample (as by a crash) and
 * started again on the same directory counts each event once and gives every document to its
 * writers.
 */
public class CheckpointTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private Engine engine;

    private Engine start(Path dir) {
        engine = new Engine(new CoreSettings(50, 1000, 2000, 5, 1 << 12, 5000, "test", 10_000),
                new Durability(dir, 64L << 20, 16L << 20, 0));
        return engine;
    }

    @After
    public void stop() {
        if (engine != null) {
            engine.stop(Duration.ofSeconds(5));
        }
    }

    /** Publishes 0..n-1 in batches of 50, with its position; resumes from one. */
    static class Positioned implements Reader {
        final int n;
        final int rate;
        volatile boolean done;
        volatile long resumedAt = -1;

        Positioned(int n, int rate) {
            this.n = n;
            this.rate = rate;
        }

        @Override
        public void read(EventSink sink) throws Exception {
            long from = 0;
            if (sink.resumeFrom() instanceof Map<?, ?> m) {
                from = ((Number) m.get("next")).longValue();
                resumedAt = from;
            }
            long start = System.nanoTime();
            Object[] batch = new Object[50];
            for (long i = from; i < n && sink.isOpen(); i += batch.length) {
                int k = (int) Math.min(batch.length, n - i);
                for (int j = 0; j < k; j++) {
                    batch[j] = i + j;
                }
                sink.publish(batch, 0, k, Map.of("next", i + k));
                long due = start + (long) ((i - from + k) * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            done = true;
        }
    }

    /** Takes documents only while told to (else fails every write): nothing confirmed meanwhile. */
    static class Failing extends CollectingWriter {
        volatile boolean works;

        @Override
        public void write(List<SampleDocument> batch) {
            if (!works) {
                throw new IllegalStateException("store unreachable");
            }
            super.write(batch);
        }
    }

    @Test
    public void aRestartAfterACrashCountsEachEventOnceAndReplaysWhatWritersHadNotConfirmed() throws Exception {
        Path dir = tmp.newFolder("state").toPath();
        int n = 20_000;

        // first life: interrupted half way, without a final sample or checkpoint
        start(dir);
        CollectingWriter all = new CollectingWriter();
        Failing store = new Failing();
        engine.addWriter("all", all, 0);
        engine.addWriter("store", store, 0);
        Counter first = new Counter();
        engine.bind("count", first, Version.parseVersion("1.0.0"), "b");
        Positioned reader1 = new Positioned(n, 10_000);
        engine.addReader("numbers", reader1);
        engine.start();
        ContainmentTest.waitFor("half the events", () -> first.total > n / 2);
        ContainmentTest.waitFor("a checkpoint", () -> Files.exists(dir.resolve(CheckpointStore.FILE)));
        engine.stop(Duration.ofSeconds(5));
        engine = null;
        Set<String> written = ids(all);
        assertTrue(written.size() > 3);
        assertTrue("the store confirmed nothing", store.docs.isEmpty());

        // second life: the same names come back
        long secondLife = System.currentTimeMillis();
        start(dir);
        CollectingWriter all2 = new CollectingWriter();
        Failing store2 = new Failing();
        store2.works = true;
        engine.addWriter("all", all2, 0);
        engine.addWriter("store", store2, 0);
        // the reader starts before the processor is back (its bundle is still being deployed):
        // its events are held for it
        Positioned reader2 = new Positioned(n, 100_000);
        engine.addReader("numbers", reader2);
        engine.start();
        ContainmentTest.waitFor("the reader resumed", () -> reader2.resumedAt >= 0);
        Thread.sleep(200);
        Counter second = new Counter();
        engine.bind("count", second, Version.parseVersion("1.0.0"), "b");
        long restored = reader2.resumedAt;
        ContainmentTest.waitFor("the rest read", () -> reader2.done);
        assertTrue("resumed inside the first life's events: " + restored, restored > 0 && restored <= first.total);
        engine.drain(Duration.ofSeconds(5));
        assertEquals("every event counted once", n, second.total);
        assertTrue("the store got every document of the first life: the journal replayed them",
                ids(store2).containsAll(written));
        SampleDocument last = all2.of("count").get(all2.of("count").size() - 1);
        assertEquals((long) n, last.data().get("total"));
        long firstSeqAfter = all2.of("count").stream().filter(d -> d.time() >= secondLife)
                .mapToLong(SampleDocument::sequence).min().orElseThrow();
        assertTrue("document sequence numbers go on: " + firstSeqAfter, firstSeqAfter > 1);

        // a clean stop wrote a final checkpoint: a third life reads nothing again and keeps the count
        engine.stop(Duration.ofSeconds(5));
        start(dir);
        Counter third = new Counter();
        engine.bind("count", third, Version.parseVersion("1.0.0"), "b");
        Positioned reader3 = new Positioned(n, 100_000);
        engine.addReader("numbers", reader3);
        engine.start();
        ContainmentTest.waitFor("the reader at its end", () -> reader3.done);
        assertEquals(n, reader3.resumedAt);
        assertEquals(n, third.total);
    }

    @Test
    public void aJournalFullOfUnconfirmedDocumentsGivesUpTheOldestAndSaysSo() throws Exception {
        Path dir = tmp.newFolder("state").toPath();
        DocumentJournal j = new DocumentJournal(dir, 3 * DocumentJournal.SEGMENT_BYTES);
        SampleDocument big = new SampleDocument("x@t:1", "x", 1, 0, 1, 1, "1.0.0", "t", -1, 0,
                Map.of("data", "y".repeat(1 << 20)));
        for (int i = 0; i < 40; i++) {
            assertEquals(i + 1, j.append(big));
        }
        assertTrue("bounded: " + j.bytes(), j.bytes() <= 3 * DocumentJournal.SEGMENT_BYTES + (2 << 20));
        assertTrue(j.first() > 1);
        long count = 0;
        var it = j.replay(0, j.next());
        while (it.hasNext()) {
            it.next();
            count++;
        }
        assertEquals(j.next() - j.first(), count);
        j.truncate(j.next() - 1);
        assertTrue("what every writer confirmed goes: " + j.bytes(), j.bytes() <= DocumentJournal.SEGMENT_BYTES + (2 << 20));
        j.close();
        // reopened: goes on after the last document
        DocumentJournal again = new DocumentJournal(dir, 3 * DocumentJournal.SEGMENT_BYTES);
        assertEquals(41, again.append(big));
        again.close();
    }

    private static Set<String> ids(CollectingWriter w) {
        synchronized (w.docs) {
            Set<String> ids = new HashSet<>();
            for (SampleDocument d : w.docs) {
                ids.add(d.id());
            }
            return ids;
        }
    }
}
