package org.snoplus.snoop.query.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryStoppedException;

public class AnswersTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final Answers answers = new Answers(8000, 60_000, now::get);
    private static final long[] V1 = {1};

    @Test
    public void theSameQuestionAskedTogetherIsComputedOnce() throws Exception {
        AtomicInteger computed = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Object>> all = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                all.add(pool.submit(() -> answers.answer("q", V1, QueryLimits.of(30_000, 1000), () -> {
                    computed.incrementAndGet();
                    started.countDown();
                    await(release);
                    return new Answers.Sized("answer", 10);
                })));
            }
            assertTrue(started.await(30, TimeUnit.SECONDS));
            Thread.sleep(200); // the others are waiting for it now (or come after and find it kept)
            release.countDown();
            for (Future<Object> f : all) {
                assertEquals("answer", f.get(30, TimeUnit.SECONDS));
            }
            assertEquals(1, computed.get());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    public void aWaiterStopsAtItsOwnLimit() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread first = new Thread(() -> {
            try {
                answers.answer("q", V1, QueryLimits.none(), () -> {
                    started.countDown();
                    await(release);
                    return new Answers.Sized("late", 10);
                });
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        first.start();
        assertTrue(started.await(30, TimeUnit.SECONDS));
        try {
            answers.answer("q", V1, QueryLimits.of(100, 1000), () -> {
                throw new AssertionError("computed twice");
            });
            fail("waited beyond its limit");
        } catch (QueryStoppedException e) {
            assertTrue(e.timedOut());
        } finally {
            release.countDown();
            first.join(30_000);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void keptAnswersAreBoundedInBytesAndStaleOnesGo() throws Exception {
        for (int i = 0; i < 10; i++) {
            answers.answer("q" + i, V1, QueryLimits.none(), () -> new Answers.Sized("a", 1000));
        }
        assertTrue(answers.bytes() <= 8000);
        assertEquals(8, answers.size());
        assertNull("the least recently used went first", answers.get("q0", V1));
        assertEquals("a", answers.get("q9", V1));

        assertNull("another version: stale", answers.get("q9", new long[] {2}));
        assertEquals("and gone", 7, answers.size());

        answers.answer("big", V1, QueryLimits.none(), () -> new Answers.Sized("big", 1001));
        assertNull("larger than an eighth of the capacity: not kept", answers.get("big", V1));

        now.addAndGet(60_001);
        answers.answer("fresh", V1, QueryLimits.none(), () -> new Answers.Sized("f", 10));
        assertEquals("answers idle for a minute went", 1, answers.size());
        assertEquals(10, answers.bytes());
    }
}
