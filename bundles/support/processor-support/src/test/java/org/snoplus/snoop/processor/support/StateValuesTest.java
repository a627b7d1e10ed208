package org.snoplus.snoop.processor.support;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;

import java.util.List;

import org.junit.Test;

public class StateValuesTest {

    @Test
    public void countsAreWholeNumbersFromZero() {
        assertEquals(7, StateValues.count(7L));
        assertEquals(7, StateValues.count(7.9));
        assertEquals(0, StateValues.count(-3L));
        assertEquals(0, StateValues.count("7"));
        assertEquals(0, StateValues.count(null));
    }

    @Test
    public void numbersAndIntegersFallBack() {
        assertEquals(-1, StateValues.number(-1L, 5));
        assertEquals(5, StateValues.number(null, 5));
        assertEquals(3, StateValues.integer(3L, -1, -1));
        assertEquals(-1, StateValues.integer(-2L, -1, -1));
        assertEquals(-1, StateValues.integer(1L << 40, -1, -1));
    }

    @Test
    public void countArraysMustMatchInLengthAndSign() {
        long[] into = new long[3];
        assertTrue(StateValues.counts(List.of(1L, 2L, 3L), into));
        assertArrayEquals(new long[] {1, 2, 3}, into);
        assertTrue(StateValues.counts(new long[] {4, 5, 6}, into));
        assertArrayEquals(new long[] {4, 5, 6}, into);
        assertFalse(StateValues.counts(List.of(1L, 2L), into));
        assertArrayEquals(new long[3], into);
        assertFalse(StateValues.counts(List.of(1L, -2L, 3L), into));
        assertArrayEquals(new long[3], into);
        assertFalse(StateValues.counts(List.of(1L, "x", 3L), into));
    }
}
