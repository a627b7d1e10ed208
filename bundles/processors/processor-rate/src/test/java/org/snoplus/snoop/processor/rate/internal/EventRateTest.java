package org.snoplus.snoop.processor.rate.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertSame;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.testing.Configs;

public class EventRateTest {

    /** A monotonic and a wall clock that move together, by hand. */
    private static final class Clock {
        long nanos = 123_456_789_000L; // nanoTime has an arbitrary origin
        long millis = 1_764_362_400_000L;

        void advanceMs(long ms) {
            nanos += ms * 1_000_000;
            millis += ms;
        }
    }

    private final Clock clock = new Clock();

    private EventRate rate(Object... config) {
        EventRate r = new EventRate(() -> clock.nanos, () -> clock.millis);
        r.configure(Configs.of(RateConfig.class, config));
        return r;
    }

    private static void events(EventRate r, int n) {
        for (int i = 0; i < n; i++) {
            r.event(i);
        }
    }

    private static Map<String, Object> expected(long events, double seconds, double rate, double peak, long total) {
        Map<String, Object> m = new HashMap<>();
        m.put("events", events);
        m.put("seconds", seconds);
        m.put("rate", rate);
        m.put("peak", peak);
        m.put("total", total);
        return m;
    }

    @Test
    public void receivesEveryEvent() {
        assertSame(Object.class, rate().eventType());
    }

    @Test
    public void rateIsEventsOverTheTimeSinceThePreviousSample() {
        EventRate r = rate();
        events(r, 5000);
        clock.advanceMs(5000);
        assertEquals(expected(5000, 5.0, 1000.0, 1000.0, 5000), r.sample());
        events(r, 1000);
        clock.advanceMs(2000);
        assertEquals(expected(1000, 2.0, 500.0, 1000.0, 6000), r.sample());
    }

    @Test
    public void aWindowOfNoLengthHasRateZeroNotInfinity() {
        EventRate r = rate();
        events(r, 10);
        assertEquals(expected(10, 0.0, 0.0, 0.0, 10), r.sample());
    }

    @Test
    public void peakLooksBackPeakSamplesWindowsOnly() {
        EventRate r = rate("peak.samples", 2);
        events(r, 300);
        clock.advanceMs(1000);
        assertEquals(300.0, r.sample().get("peak"));
        events(r, 100);
        clock.advanceMs(1000);
        assertEquals(300.0, r.sample().get("peak")); // 300 is one window back
        clock.advanceMs(1000);
        assertEquals(100.0, r.sample().get("peak")); // 300 is two windows back: gone
        clock.advanceMs(1000);
        assertEquals(0.0, r.sample().get("peak"));
    }

    @Test
    public void upgradeContinuesTheWindowThePeakAndTheTotal() {
        EventRate old = rate();
        events(old, 4000);
        clock.advanceMs(1000);
        old.sample(); // 4000 Hz
        events(old, 600);
        clock.advanceMs(600);
        Object state = old.handoff();

        clock.advanceMs(50); // the gap between two versions; its events are held for the new one
        EventRate next = rate();
        next.takeover(state);
        events(next, 400);
        clock.advanceMs(350);
        // one window of 1 s: 600 events before the upgrade, 400 after
        assertEquals(expected(1000, 1.0, 1000.0, 4000.0, 5000), next.sample());
    }

    @Test
    public void handoffIsPlainData() {
        EventRate r = rate();
        events(r, 3);
        clock.advanceMs(10);
        r.sample();
        Map<?, ?> state = (Map<?, ?>) r.handoff();
        assertTrue(state.get("events") instanceof Long);
        assertTrue(state.get("total") instanceof Long);
        assertTrue(state.get("window.start") instanceof Long);
        assertEquals(List.of(300.0), state.get("rates"));
    }

    @Test
    public void aSmallerHistoryKeepsTheNewestRates() {
        EventRate old = rate("peak.samples", 5);
        for (int rate : new int[] {900, 100, 200}) {
            events(old, rate);
            clock.advanceMs(1000);
            old.sample();
        }
        EventRate next = rate("peak.samples", 2); // reconfigured
        next.takeover(old.handoff());
        clock.advanceMs(1000);
        assertEquals(200.0, next.sample().get("peak")); // 900 fell out: holds 200 and the new 0
    }

    @Test
    public void takeoverReadsAnyNumberTypeAndIgnoresWhatItDoesNotKnow() {
        Map<String, Object> state = new HashMap<>();
        state.put("events", 10); // Integer
        state.put("total", 110.0); // Double
        state.put("window.start", clock.millis - 1000); // Long
        List<Object> rates = new ArrayList<>(List.of(50L, 70.5, "high", -3.0));
        rates.add(null);
        state.put("rates", rates);
        state.put("fromTheFuture", Map.of());
        EventRate r = rate();
        r.takeover(state);
        assertEquals(expected(10, 1.0, 10.0, 70.5, 110), r.sample());
    }

    @Test
    public void takeoverOfGarbageStartsAfresh() {
        EventRate r = rate();
        r.takeover(List.of(1, 2, 3));
        r.takeover(Map.of("events", "many", "rates", "none", "window.start", clock.millis + 60_000));
        events(r, 20);
        clock.advanceMs(2000);
        assertEquals(expected(20, 2.0, 10.0, 10.0, 20), r.sample());
    }

    @Test
    public void peakSamplesOutOfRangeIsRejectedNamingTheKey() {
        for (int bad : new int[] {0, -1, EventRate.MAX_PEAK_SAMPLES + 1}) {
            try {
                rate("peak.samples", bad);
                fail("accepted peak.samples=" + bad);
            } catch (IllegalArgumentException e) {
                assertEquals("bad configuration: peak.samples must be between 1 and 100000, not " + bad,
                        e.getMessage());
            }
        }
    }

    @Test
    public void realClockGivesAPlausibleRate() throws InterruptedException {
        EventRate r = new EventRate();
        r.configure(Configs.of(RateConfig.class));
        events(r, 1000);
        Thread.sleep(20);
        Map<String, Object> s = r.sample();
        double seconds = (Double) s.get("seconds");
        assertTrue(seconds >= 0.019 && seconds < 10);
        assertEquals(1000 / seconds, (Double) s.get("rate"), 1e-5 * (1000 / seconds)); // six significant digits
    }
}
