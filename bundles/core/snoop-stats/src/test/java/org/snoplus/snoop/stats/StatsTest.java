package org.snoplus.snoop.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.Test;

public class StatsTest {

    @Test
    public void histogramBinsUnderAndOverflow() {
        Histogram h = new Histogram(4, 0, 8);
        for (double x : new double[] {-1, 0, 1.99, 2, 7.999, 8, 100}) {
            h.fill(x);
        }
        assertEquals(2, h.count(0));
        assertEquals(1, h.count(1));
        assertEquals(0, h.count(2));
        assertEquals(1, h.count(3));
        assertEquals(1, h.underflow());
        assertEquals(2, h.overflow());
        assertEquals(7, h.entries());
        assertArrayEquals(new double[] {0, 2, 4, 6, 8}, h.edges(), 0);
        Map<String, Object> shape = h.toShape();
        assertEquals("histogram", shape.get("shape"));
        assertEquals(7L, shape.get("entries"));
    }

    @Test
    public void histogramStateSurvivesAHandoffOnlyWithTheSameBinning() {
        Histogram h = new Histogram(4, 0, 8);
        h.fill(3, 5);
        Map<String, Object> state = h.toState();
        // as it arrives after a handoff: arrays become lists of Long, numbers Long/Double
        Map<String, Object> json = Map.of("bins", 4L, "low", 0.0, "high", 8.0, "counts", List.of(0L, 5L, 0L, 0L),
                "underflow", 0L, "overflow", 0L);
        Histogram same = new Histogram(4, 0, 8);
        assertTrue(same.restore(json));
        assertEquals(5, same.count(1));
        Histogram rebinned = new Histogram(8, 0, 8);
        assertFalse(rebinned.restore(json));
        assertEquals(0, rebinned.entries());
        assertEquals(4, state.get("bins"));
    }

    @Test
    public void momentsMeanAndRms() {
        Moments m = new Moments();
        for (double x : new double[] {2, 4, 4, 4, 5, 5, 7, 9}) {
            m.add(x);
        }
        assertEquals(5.0, m.mean(), 1e-12);
        assertEquals(2.0, m.rms(), 1e-12);
        Moments copy = new Moments();
        assertTrue(copy.restore(m.toState()));
        assertEquals(2.0, copy.rms(), 1e-12);
    }
}
