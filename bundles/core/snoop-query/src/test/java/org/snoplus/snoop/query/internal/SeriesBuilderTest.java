package org.snoplus.snoop.query.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;
import org.snoplus.snoop.query.Series;

public class SeriesBuilderTest {

    @Test
    public void bucketsOfTheWholeTimeLineDoNotOverflow() {
        SeriesBuilder b = new SeriesBuilder(1, Long.MIN_VALUE, Long.MAX_VALUE, 4);
        for (long t : new long[] {Long.MIN_VALUE, -1, 0, 1, Long.MAX_VALUE - 1}) {
            b.add(t, new Object[] {1L});
        }
        Series s = b.build("x", List.of("v"));
        assertTrue(s.downsampled());
        assertEquals(5, s.documents());
        // quarters of the line: MIN | -1 | 0 1 | MAX-1
        assertArrayEquals(new long[] {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE - 1}, s.times());
    }

    @Test
    public void numbersOfAnyKindAverageAndOtherValuesTakeTheLast() {
        SeriesBuilder b = new SeriesBuilder(3, 0, 10, 1);
        b.add(1, new Object[] {1L, "a", 2L});
        b.add(2, new Object[] {2.5, null, "x"});
        b.add(3, new Object[] {3, "c", 4.0});
        Series s = b.build("x", List.of("n", "s", "mixed"));
        assertTrue(s.downsampled());
        assertArrayEquals(new Object[] {6.5 / 3, "c", 4.0}, s.values().get(0));
    }

    @Test
    public void asManyDocumentsAsPointsAreKeptAsTheyAre() {
        SeriesBuilder b = new SeriesBuilder(1, 0, 10, 3);
        b.add(1, new Object[] {1L});
        b.add(2, new Object[] {2L});
        b.add(9, new Object[] {9L});
        Series s = b.build("x", List.of("v"));
        assertFalse(s.downsampled());
        assertArrayEquals(new long[] {1, 2, 9}, s.times());
        assertEquals(2L, s.values().get(1)[0]);
    }
}
