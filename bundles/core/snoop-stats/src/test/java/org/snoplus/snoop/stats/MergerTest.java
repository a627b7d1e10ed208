package org.snoplus.snoop.stats;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.Test;
import org.snoplus.snoop.document.Shapes;

public class MergerTest {

    @Test
    public void histogramsAreSummedBinByBin() {
        Histogram a = new Histogram(4, 0, 8);
        Histogram b = new Histogram(4, 0, 8);
        Histogram all = new Histogram(4, 0, 8);
        Random r = new Random(7);
        for (int i = 0; i < 1000; i++) {
            double x = r.nextGaussian() * 3 + 4;
            (i % 3 == 0 ? a : b).fill(x);
            all.fill(x);
        }
        Merger m = new Merger("data.hist", true);
        m.add(a.toShape(), 2000, 1);
        m.add(json(b.toShape()), 2000, 2); // as a store gives it back: lists of Long and Double
        assertEquals(shapeText(all.toShape()), shapeText(m.result()));
        assertEquals(2, m.documents());
    }

    @Test
    public void histogramsOfOtherEdgesAreRefusedNamingTheFieldAndTheDocuments() {
        Merger m = new Merger("data.hist", true);
        m.add(new Histogram(4, 0, 8).toShape(), 1, 1000);
        try {
            m.add(new Histogram(4, 0, 10).toShape(), 1, 3000);
            fail("merged");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("data.hist cannot be merged: the documents at 1000 and 3000"));
            assertTrue(e.getMessage(), e.getMessage().contains("edges"));
        }
    }

    @Test
    public void aLenientMergerKeepsTheNewerFormWhenTheBinningChanged() {
        Merger m = new Merger("data.hist", false);
        m.add(new Histogram(4, 0, 8).toShape(), 1, 1000);
        Histogram wider = new Histogram(5, 0, 10);
        wider.fill(9);
        m.add(wider.toShape(), 1, 3000);
        m.add(new Histogram(4, 0, 8).toShape(), 1, 2000); // older than the change: given up
        assertEquals(shapeText(wider.toShape()), shapeText(m.result()));
    }

    @Test
    public void integerCountsIndexedByChannelAreSummedElementWise() {
        long[] a = {1, 2, 3, 0};
        long[] b = {10, 0, 5, 1};
        Merger m = new Merger("data.channels", true);
        m.add(Shapes.indexed("channels", a), 2000, 1);
        Map<String, Object> asRead = new LinkedHashMap<>(Shapes.indexed("channels", b));
        asRead.put("values", List.of(10L, 0L, 5L, 1L)); // as a store may give it back
        m.add(asRead, 2000, 2);
        Map<?, ?> out = (Map<?, ?>) m.result();
        assertEquals("channels", out.get("shape"));
        assertArrayEquals(new long[] {11, 2, 8, 1}, (long[]) out.get("values"));
        assertArrayEquals("the inputs are left alone", new long[] {1, 2, 3, 0}, a);
        assertEquals(10, b[0]);
    }

    @Test
    public void measuredValuesPerElementAreAveragedOverTime() {
        Merger m = new Merger("data.means", true);
        m.add(new double[] {1, 2}, 1000, 1);
        m.add(new double[] {4, 8}, 3000, 2);
        assertArrayEquals(new double[] {3.25, 6.5}, (double[]) m.result(), 1e-12);
    }

    @Test
    public void countsAndMeasuredValuesDoNotMix() {
        Merger m = new Merger("data.channels", true);
        m.add(Shapes.indexed("channels", new long[] {1, 2}), 1, 1);
        try {
            m.add(Shapes.indexed("channels", new double[] {0.5, 0.1}), 1, 2);
            fail("merged");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("integer counts and floating-point values"));
        }
        Merger lengths = new Merger("data.crates", true);
        lengths.add(new long[] {1, 2}, 1, 1);
        try {
            lengths.add(new long[] {1, 2, 3}, 1, 2);
            fail("merged");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("2 values and 3"));
        }
    }

    @Test
    public void momentsMergeExactly() {
        Moments a = new Moments();
        Moments b = new Moments();
        Moments all = new Moments();
        Random r = new Random(3);
        for (int i = 0; i < 5000; i++) {
            double x = 100 + r.nextGaussian() * 20;
            (i < 1000 ? a : b).add(x);
            all.add(x);
        }
        Merger m = new Merger("data.nhit", true);
        m.add(Shapes.moments(a.count(), a.mean(), a.rms()), 1, 1);
        m.add(Shapes.moments(0, 0, 0), 1, 2); // a window without events
        m.add(Shapes.moments(b.count(), b.mean(), b.rms()), 1, 3);
        Map<?, ?> out = (Map<?, ?>) m.result();
        assertEquals(5000L, out.get("count"));
        assertEquals(all.mean(), (Double) out.get("mean"), 1e-9);
        assertEquals(all.rms(), (Double) out.get("rms"), 1e-9);
    }

    @Test
    public void numbersGiveSumMeanOverTimeMinAndMax() {
        Merger m = new Merger("data.count", true);
        m.add(2000L, 2000, 1);
        m.add(1000L, 1000, 2);
        m.add(3000L, 3000, 3);
        Map<?, ?> out = (Map<?, ?>) m.result();
        assertEquals(Shapes.MERGED, out.get("shape"));
        assertEquals(3L, out.get("count"));
        assertEquals(6000L, out.get("sum"));
        assertEquals((2000.0 * 2000 + 1000.0 * 1000 + 3000.0 * 3000) / 6000, (Double) out.get("mean"), 1e-9);
        assertEquals(1000L, out.get("min"));
        assertEquals(3000L, out.get("max"));

        Merger rates = new Merger("data.rate", true);
        rates.add(1000.5, 2000, 1);
        rates.add(0L, 2000, 2); // a window without events: its rate is 0 and it counts
        Map<?, ?> r = (Map<?, ?>) rates.result();
        assertEquals(1000.5, (Double) r.get("sum"), 0);
        assertEquals(500.25, (Double) r.get("mean"), 1e-12);
        assertEquals(0.0, r.get("min"));
    }

    @Test
    public void mergedValuesMergeAgainAsTheirDocumentsWould() {
        Merger once = new Merger("data.count", true);
        Merger first = new Merger("data.count", true);
        Merger second = new Merger("data.count", true);
        long[] values = {5, 7, 1, 9, 4, 4};
        for (int i = 0; i < values.length; i++) {
            once.add(values[i], 1000, i);
            (i < 2 ? first : second).add(values[i], 1000, i);
        }
        Merger again = new Merger("data.count", true);
        again.add(first.result(), 2000, 1);
        again.add(second.result(), 4000, 5);
        assertEquals(once.result(), again.result());
    }

    @Test
    public void objectsMergeKeyByKeyAndTextIsTheNewest() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("events", 10L);
        a.put("mode", "physics");
        a.put("bits", Map.of("100L", 3L));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("events", 5L);
        b.put("mode", "calibration");
        b.put("bits", Map.of("100L", 1L, "PED", 2L));
        b.put("nothing", null);
        Merger m = new Merger("data", true);
        m.add(b, 1, 20);
        m.add(a, 1, 10);
        Map<?, ?> out = (Map<?, ?>) m.result();
        assertEquals(15L, ((Map<?, ?>) out.get("events")).get("sum"));
        assertEquals("calibration", out.get("mode"));
        Map<?, ?> bits = (Map<?, ?>) out.get("bits");
        assertEquals(4L, ((Map<?, ?>) bits.get("100L")).get("sum"));
        assertEquals(2L, ((Map<?, ?>) bits.get("PED")).get("sum"));
        assertNull(out.get("nothing"));
    }

    @Test
    public void nothingMergedIsNull() {
        Merger m = new Merger("data.x", true);
        m.add(null, 1, 1);
        assertNull(m.result());
        assertEquals(0, m.documents());
    }

    @Test
    public void precisionKeepsSignificantDigits() {
        assertEquals(12.3457, Precision.round(12.345678901234567), 0);
        assertEquals("0.00123457", Double.toString(Precision.round(0.0012345678901)));
        assertEquals(1234570.0, Precision.round(1234567.8), 0);
        assertEquals(-5.5, Precision.round(-5.5), 0);
        assertEquals(0.0, Precision.round(0.0), 0);
        assertTrue(Double.isNaN(Precision.round(Double.NaN)));
        assertEquals(1e-300, Precision.round(1e-300), 0);
        assertEquals("0.1", Double.toString(Precision.round(0.1 + 0.2 - 0.2)));
    }

    /** A shape as it reads back from JSON: arrays as lists. */
    private static Map<String, Object> json(Map<String, Object> shape) {
        Map<String, Object> m = new LinkedHashMap<>(shape);
        m.put("edges", java.util.Arrays.stream((double[]) shape.get("edges")).boxed().toList());
        m.put("counts", java.util.Arrays.stream((long[]) shape.get("counts")).boxed().toList());
        return m;
    }

    /** A shape's text with its arrays written out. */
    private static String shapeText(Object merged) {
        Map<?, ?> m = (Map<?, ?>) merged;
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put((String) k, v instanceof double[] d ? java.util.Arrays.toString(d)
                : v instanceof long[] l ? java.util.Arrays.toString(l) : v));
        return out.toString();
    }
}
