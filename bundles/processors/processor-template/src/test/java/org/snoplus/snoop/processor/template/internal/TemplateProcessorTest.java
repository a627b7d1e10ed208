package org.snoplus.snoop.processor.template.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertSame;

import java.util.HashMap;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.testing.Configs;

/** Run with {@code mvn -B package} (or {@code mvn -B test}): a failing test stops the build. */
public class TemplateProcessorTest {

    /** One event object, refilled for every event, as the readers do. */
    private final PmtEvent ev = new PmtEvent();
    private int gtid;

    /** A processor activated with {@code config}: keys and values, e.g. {@code "threshold", 50}. */
    private static TemplateProcessor processor(Object... config) {
        TemplateProcessor p = new TemplateProcessor();
        p.configure(Configs.of(TemplateConfig.class, config));
        return p;
    }

    /** Gives {@code p} one event for each NHIT in {@code nhits}. */
    private void events(TemplateProcessor p, int... nhits) {
        for (int nhit : nhits) {
            ev.header(300000, 0, gtid, gtid, 0, 0, 0, 0);
            gtid++;
            for (int i = 0; i < nhit; i++) {
                ev.addHit(i, 0, 0, 0, 0, 0, 0);
            }
            p.event(ev);
        }
    }

    private static Map<String, Object> window(long events, Double mean, long above, long threshold) {
        Map<String, Object> m = new HashMap<>();
        m.put("events", events);
        m.put("mean.nhit", mean);
        m.put("above", above);
        m.put("threshold", threshold);
        return m;
    }

    @Test
    public void receivesSnoPlusEvents() {
        assertSame(PmtEvent.class, processor().eventType());
    }

    @Test
    public void eachWindowHasItsMeanNhitAndItsEventsAboveTheThreshold() {
        TemplateProcessor p = processor();
        events(p, 10, 20, 150, 100); // 100 is at the default threshold: it counts
        assertEquals(window(4, 70.0, 2, 100), p.sample());
        events(p, 5);
        assertEquals(window(1, 5.0, 0, 100), p.sample());
    }

    @Test
    public void aWindowWithoutEventsHasNoMean() {
        TemplateProcessor p = processor();
        Map<String, Object> empty = p.sample();
        assertEquals(window(0, null, 0, 100), empty);
        assertNull(empty.get("mean.nhit"));
    }

    @Test
    public void theThresholdIsConfigured() {
        TemplateProcessor p = processor("threshold", 15);
        events(p, 10, 20, 30);
        assertEquals(window(3, 20.0, 2, 15), p.sample());
    }

    @Test
    public void anUpgradeGoesOnWithTheUnsampledWindow() {
        TemplateProcessor old = processor();
        events(old, 10, 200);
        TemplateProcessor next = processor();
        next.takeover(old.handoff());
        events(next, 30);
        assertEquals(window(3, 80.0, 1, 100), next.sample());
    }

    @Test
    public void takeoverReadsAnyNumberAndIgnoresTheRest() {
        TemplateProcessor p = processor();
        events(p, 1000); // replaced, not added to
        p.takeover(Map.of("events", 2, "hits", 50.0, "above", "lots", "fromANewerVersion", true));
        assertEquals(window(2, 25.0, 0, 100), p.sample());
        p.takeover("not a map");
        assertEquals(window(0, null, 0, 100), p.sample());
    }

    @Test
    public void aNegativeThresholdIsRejectedNamingTheKey() {
        Configs.assertRejected("bad configuration: threshold must be 0 or more, not -1",
                () -> processor("threshold", -1));
    }
}
