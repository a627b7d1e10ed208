package org.snoplus.snoop.query.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;

public class FieldPathTest {

    private static final SampleDocument DOC;

    static {
        Map<String, Object> dir = new LinkedHashMap<>();
        dir.put("bytes", 100L);
        dir.put("used.fraction", 0.25);
        Map<String, Object> paths = new LinkedHashMap<>();
        paths.put(".", dir);
        paths.put("/data", Map.of("bytes", 7L));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("paths", paths);
        data.put("counts", List.of(1L, 2L, 3L));
        data.put("raw", new long[] {4, 5});
        data.put("nothing", null);
        // as the timing processor writes a flag: a number, and values per crate under a longer key
        Map<String, Object> flag = new LinkedHashMap<>();
        flag.put("hits", 3L);
        flag.put("hits.crates", List.of(1L, 2L));
        data.put("flags", Map.of("cgt.es16", flag));
        DOC = new SampleDocument("id-1", "diskusage", 5000, 3000, 5000, 9, "1.0", "daq1", 300000, 12, data);
    }

    private static Object value(String path) {
        return FieldPath.of(path).valueOf(DOC);
    }

    @Test
    public void theStampedFields() {
        assertEquals("id-1", value("_id"));
        assertEquals("diskusage", value("name"));
        assertEquals(5000L, value("time"));
        assertEquals(3000L, value("window.start"));
        assertEquals(5000L, value("window.end"));
        assertEquals(Map.of("start", 3000L, "end", 5000L), value("window"));
        assertEquals(9L, value("seq"));
        assertEquals("1.0", value("version"));
        assertEquals("daq1", value("instance"));
        assertEquals(300000L, value("run"));
        assertEquals(12L, value("events"));
        assertEquals(DOC.data(), value("data"));
    }

    @Test
    public void intoObjectsListsAndArrays() {
        assertEquals(3L, value("data.counts.2"));
        assertEquals(5L, value("data.raw.1"));
        assertNull(value("data.counts.3"));
        assertNull(value("data.counts.-1"));
        assertNull(value("data.counts.x"));
        assertNull(value("data.nothing"));
        assertNull(value("data.nothing.deeper"));
        assertNull(value("data.counts.0.deeper"));
        assertNull(value("window.middle"));
        assertNull(value("nonsense"));
        assertNull(value("data."));
    }

    @Test
    public void keysWithDotsAreFound() {
        assertEquals(0.25, value("data.paths...used.fraction"));
        assertEquals(100L, value("data.paths...bytes"));
        assertEquals(7L, value("data.paths./data.bytes"));
        assertNull(value("data.paths...used"));
    }

    @Test
    public void aKeyWithDotsIsFoundBesideAShorterOne() {
        assertEquals(3L, value("data.flags.cgt.es16.hits"));
        assertEquals(List.of(1L, 2L), value("data.flags.cgt.es16.hits.crates"));
        assertEquals(2L, value("data.flags.cgt.es16.hits.crates.1"));
        assertNull(value("data.flags.cgt.es16.hits.cards"));
    }
}
