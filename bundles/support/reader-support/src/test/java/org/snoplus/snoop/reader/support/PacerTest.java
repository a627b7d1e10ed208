package org.snoplus.snoop.reader.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.concurrent.TimeUnit;

import org.junit.Test;

public class PacerTest {

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    public void withoutARateEverythingIsReleasedAtOnce() {
        Pacer pacer = new Pacer(0);
        long t0 = System.nanoTime();
        for (int i = 0; i < 1000; i++) {
            assertTrue(pacer.await(1000, () -> true));
            assertTrue(pacer.awaitElapsed(i * 1_000_000_000L, () -> true));
        }
        assertTrue(System.nanoTime() - t0 < 200 * MS);
    }

    @Test
    public void byCountTheRateIsKeptFromTheFirstBatch() {
        Pacer pacer = new Pacer(1000);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20; i++) {
            assertTrue(pacer.await(10, () -> true));
        }
        // the first batch goes at once, the 20th is due 190 items later
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took >= 185 * MS && took < 2000 * MS);
    }

    @Test
    public void byTheSourcesClockTheFirstCallAnchorsTheSchedule() {
        Pacer pacer = new Pacer(1000);
        long t0 = System.nanoTime();
        long sim = TimeUnit.HOURS.toNanos(5); // a source that has been running for a while
        assertTrue(pacer.awaitElapsed(sim, () -> true));
        assertTrue("the first batch waited", System.nanoTime() - t0 < 100 * MS);
        assertTrue(pacer.awaitElapsed(sim + 150 * MS, () -> true));
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took >= 145 * MS && took < 2000 * MS);
    }

    @Test
    public void aShortStallIsCaughtUp() throws InterruptedException {
        Pacer pacer = new Pacer(1000);
        pacer.await(1, () -> true);
        Thread.sleep(600);
        // the next 500 items were due during the stall
        long t0 = System.nanoTime();
        for (int i = 0; i < 500; i++) {
            pacer.await(1, () -> true);
        }
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took < 300 * MS);
    }

    @Test
    public void aStallLongerThanTheMaximumLagIsForgivenNotCaughtUpInABurst() throws InterruptedException {
        Pacer pacer = new Pacer(1000);
        pacer.await(1, () -> true);
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Pacer.MAX_LAG_NANOS) + 200);
        // the schedule starts again now: the next batch at once, then 1 ms per item
        long t0 = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            pacer.await(1, () -> true);
        }
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took >= 195 * MS);
    }

    @Test
    public void aWaitEndsPromptlyWhenGoTurnsFalse() {
        Pacer pacer = new Pacer(0.01); // one item every 100 s
        assertTrue(pacer.await(1, () -> true));
        long t0 = System.nanoTime();
        long stop = t0 + 50 * MS;
        assertFalse(pacer.await(1, () -> System.nanoTime() - stop < 0));
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took < 50 * MS + 10 * Pacer.MAX_PARK_NANOS);

        Pacer byClock = new Pacer(1);
        assertTrue(byClock.awaitElapsed(0, () -> true));
        assertFalse(byClock.awaitElapsed(TimeUnit.SECONDS.toNanos(100), () -> false));
    }

    @Test
    public void anItemHeldBackByAStopIsNotCountedAsReleased() {
        Pacer pacer = new Pacer(10); // 100 ms per item
        assertTrue(pacer.await(1, () -> true));
        assertFalse(pacer.await(1, () -> false));
        // still the second item: due 100 ms after the first, not 200
        long t0 = System.nanoTime();
        assertTrue(pacer.await(1, () -> true));
        long took = System.nanoTime() - t0;
        assertTrue(took / MS + " ms", took < 150 * MS);
    }

    @Test
    public void aBatchHoldsAtMostTenMillisecondsOfItems() {
        assertEquals(256, Pacer.batchSize(0, 256));
        assertEquals(256, Pacer.batchSize(1e6, 256));
        assertEquals(10, Pacer.batchSize(1000, 256));
        assertEquals(1, Pacer.batchSize(50, 256));
        assertEquals(1, Pacer.batchSize(0.01, 256));
    }
}
