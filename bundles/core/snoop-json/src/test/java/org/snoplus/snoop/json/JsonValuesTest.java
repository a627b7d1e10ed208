package org.snoplus.snoop.json;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotSame;
import static org.junit.Assert.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.Test;

public class JsonValuesTest {

    @Test
    public void handedOverStateIsPlainJsonData() {
        Object copy = JsonValues.copyForHandoff(Map.of("a", List.of(1, 2L), "b", new long[] {3}, "c", 1.5f,
                "d", new AtomicLong(7), "e", 'x'));
        assertEquals(Map.of("a", List.of(1L, 2L), "b", List.of(3L), "c", 1.5, "d", 7L, "e", "x"), copy);
    }

    @Test
    public void documentsKeepPrimitiveArraysButCopyThem() {
        long[] counts = {1, 2, 3};
        @SuppressWarnings("unchecked")
        Map<String, Object> copy = (Map<String, Object>) JsonValues.copyForDocument(Map.of("counts", counts));
        long[] copied = (long[]) copy.get("counts");
        assertArrayEquals(counts, copied);
        assertNotSame(counts, copied);
    }

    @Test
    public void aValueThatIsNotJsonIsNamedByItsPath() {
        try {
            JsonValues.copyForHandoff(Map.of("x", List.of(1, new Object())));
            throw new AssertionError("accepted an object");
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("state.x[1]"));
        }
    }
}
