package org.snoplus.snoop.processor.count.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.processor.ProcessorAbort;
import org.snoplus.snoop.testing.Configs;

public class EventCounterTest {

    private static EventCounter counter(Object... config) {
        EventCounter c = new EventCounter();
        c.configure(Configs.of(CountConfig.class, config));
        return c;
    }

    private static void events(EventCounter c, int n) {
        for (int i = 0; i < n; i++) {
            c.event(i);
        }
    }

    @Test
    public void receivesEveryEvent() {
        assertSame(Object.class, counter().eventType());
    }

    @Test
    public void countsEventsPerWindowAndInTotal() {
        EventCounter c = counter();
        events(c, 5);
        assertEquals(Map.of("count", 5L, "total", 5L, "aborted", 0L), c.sample());
        events(c, 3);
        assertEquals(Map.of("count", 3L, "total", 8L, "aborted", 0L), c.sample());
        assertEquals(Map.of("count", 0L, "total", 8L, "aborted", 0L), c.sample());
    }

    @Test
    public void upgradeContinuesTheTotalAndTheUnsampledWindow() {
        EventCounter old = counter();
        events(old, 10);
        old.sample();
        events(old, 4); // not sampled before the upgrade

        EventCounter next = counter();
        next.takeover(old.handoff());
        events(next, 2);
        assertEquals(Map.of("count", 6L, "total", 16L, "aborted", 0L), next.sample());
    }

    @Test
    public void handoffIsPlainData() {
        EventCounter c = counter();
        events(c, 3);
        Object state = c.handoff();
        assertTrue(state instanceof Map);
        for (Object v : ((Map<?, ?>) state).values()) {
            assertTrue(v + " is a Long", v instanceof Long);
        }
    }

    @Test
    public void takeoverReadsAnyNumberTypeAndIgnoresWhatItDoesNotKnow() {
        Map<String, Object> state = new HashMap<>();
        state.put("total", 100); // an Integer
        state.put("count", 7.0); // a Double
        state.put("aborted", "lots"); // not a number: ignored
        state.put("fromTheFuture", true);
        EventCounter c = counter();
        c.takeover(state);
        assertEquals(Map.of("count", 7L, "total", 100L, "aborted", 0L), c.sample());
    }

    @Test
    public void takeoverOfAnOlderStateWithOnlyTheTotal() {
        EventCounter c = counter();
        c.takeover(Map.of("total", 42L));
        c.event("x");
        assertEquals(Map.of("count", 1L, "total", 43L, "aborted", 0L), c.sample());
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        EventCounter c = counter();
        c.takeover("not a map");
        c.takeover(Map.of("total", -5L, "count", -1L));
        c.event("x");
        assertEquals(Map.of("count", 1L, "total", 1L, "aborted", 0L), c.sample());
    }

    @Test
    public void abortEveryGivesUpEveryNthEventAndDoesNotCountIt() {
        EventCounter c = counter("abort.every", 3L);
        int aborts = 0;
        for (int i = 1; i <= 10; i++) {
            try {
                c.event(i);
            } catch (ProcessorAbort e) {
                aborts++;
                assertEquals("event " + i, 0, i % 3);
                assertTrue(e.getMessage().contains("abort.every=3"));
            }
        }
        assertEquals(3, aborts);
        assertEquals(Map.of("count", 7L, "total", 7L, "aborted", 3L), c.sample());
    }

    @Test
    public void abortedEventsOfTheUnsampledWindowAreHandedOver() {
        EventCounter old = counter("abort.every", 2L);
        for (int i = 0; i < 4; i++) {
            try {
                old.event(i);
            } catch (ProcessorAbort expected) {
                // counted by the processor itself
            }
        }
        EventCounter next = counter(); // reconfigured: no more aborts
        next.takeover(old.handoff());
        next.event("x");
        assertEquals(Map.of("count", 3L, "total", 3L, "aborted", 2L), next.sample());
    }

    @Test
    public void negativeAbortEveryIsRejectedNamingTheKey() {
        try {
            counter("abort.every", -1L);
            fail("accepted abort.every=-1");
        } catch (IllegalArgumentException e) {
            assertEquals("bad configuration: abort.every must be 0 (never) or positive, not -1", e.getMessage());
        }
    }

    @Test
    public void defaultConfigurationNeverAborts() {
        EventCounter c = counter();
        events(c, 100_000);
        assertEquals(100_000L, c.sample().get("count"));
    }
}
