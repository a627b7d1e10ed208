package org.snoplus.snoop.json;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

public class DocumentJsonTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    /** A reader that knows nothing of snoop, as a consumer of the files would be. */
    private static final ObjectMapper PLAIN = new ObjectMapper().enable(DeserializationFeature.USE_LONG_FOR_INTS);

    @Test
    public void everyFieldInOrderAndEveryKindOfDataReadsBackAsPlainJson() throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 5000L);
        data.put("hist", new long[] {0, 7, Long.MAX_VALUE, -1});
        data.put("weights", new double[] {0.5, 1e-3});
        data.put("bits", new byte[] {1, -2});
        data.put("flags", new boolean[] {true, false});
        data.put("crates", List.of("a", "b"));
        data.put("nested", Map.of("x", 1L));
        data.put("none", null);
        SampleDocument doc = doc("hits", 1, data);

        String json = DocumentJson.toJson(doc);

        assertTrue(json, !json.contains("\n"));
        @SuppressWarnings("unchecked")
        Map<String, Object> m = PLAIN.readValue(json, Map.class);
        assertEquals(List.of("_id", "name", "time", "window", "seq", "version", "instance", "run", "events", "data"),
                List.copyOf(m.keySet()));
        assertEquals("hits@daq1:" + T, m.get("_id"));
        assertEquals("hits", m.get("name"));
        assertEquals(T, m.get("time"));
        assertEquals(Map.of("start", T - 5000, "end", T), m.get("window"));
        assertEquals(1L, m.get("seq"));
        assertEquals("1.2.3", m.get("version"));
        assertEquals("daq1", m.get("instance"));
        assertEquals(300000L, m.get("run"));
        assertEquals(4999L, m.get("events"));
        @SuppressWarnings("unchecked")
        Map<String, Object> d = (Map<String, Object>) m.get("data");
        assertEquals(List.copyOf(data.keySet()), List.copyOf(d.keySet()));
        assertEquals(5000L, d.get("count"));
        assertEquals(List.of(0L, 7L, Long.MAX_VALUE, -1L), d.get("hist"));
        assertEquals(List.of(0.5, 1e-3), d.get("weights"));
        assertEquals(List.of(1L, -2L), d.get("bits"));
        assertEquals(List.of(true, false), d.get("flags"));
        assertEquals(List.of("a", "b"), d.get("crates"));
        assertEquals(Map.of("x", 1L), d.get("nested"));
        assertTrue(d.containsKey("none"));
        assertEquals(null, d.get("none"));
    }

    @Test
    public void aByteArrayIsNumbersNotBase64() {
        String json = DocumentJson.toJson(doc("hits", 3, Map.of("bits", new byte[] {0, 1, -1})));
        assertTrue(json, json.endsWith(",\"data\":{\"bits\":[0,1,-1]}}"));
    }

    @Test
    public void aDocumentReadsBackEqual() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 3L);
        data.put("mean", 2.5);
        data.put("hist", List.of(1L, 2L));
        data.put("by_crate", Map.of("a", 1L));
        data.put("note", "two words\nand a line");
        SampleDocument doc = doc("count", 9, data);

        assertEquals(doc, DocumentJson.fromJson(DocumentJson.toJson(doc)));
        assertEquals(doc, DocumentJson.fromJson(DocumentJson.toPrettyJson(doc)));
        assertEquals(doc("empty", 1, Map.of()), DocumentJson.fromJson(DocumentJson.toJson(doc("empty", 1, Map.of()))));
        // whole numbers come back as Long, whatever their size
        SampleDocument ints = doc("n", 1, Map.of("small", (Object) 1));
        assertEquals(Map.of("small", 1L), DocumentJson.fromJson(DocumentJson.toJson(ints)).data());
    }

    @Test
    public void bytesAreTheLineInUtf8() {
        SampleDocument doc = doc("höhe", 1, Map.of("unit", "µs"));
        assertEquals(DocumentJson.toJson(doc), new String(DocumentJson.toJsonBytes(doc), StandardCharsets.UTF_8));
    }

    @Test
    public void prettyJsonIsIndentedForPeople() {
        String pretty = DocumentJson.toPrettyJson(doc("count", 1, Map.of("count", 3L)));
        assertTrue(pretty, pretty.startsWith("{\n  \"_id\" : \"count@daq1:" + T + "\",\n  \"name\" : \"count\","));
    }

    @Test
    public void aValueThatIsNotJsonIsRejectedNamingTheDocument() {
        SampleDocument doc = doc("odd", 2, Map.of("thing", new Object()));
        for (Runnable write : List.<Runnable>of(() -> DocumentJson.toJson(doc), () -> DocumentJson.toJsonBytes(doc),
                () -> DocumentJson.toPrettyJson(doc))) {
            try {
                write.run();
                fail("wrote an Object as JSON");
            } catch (IllegalArgumentException e) {
                String expected = "document odd@daq1:" + T + " cannot be written as JSON: ";
                assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
            }
        }
    }

    @Test
    public void whatIsNotADocumentIsRejectedSayingWhy() {
        assertRejected("not a JSON document: ", "{\"_id\": ");
        assertRejected("not a JSON document: ", "[1, 2]");
        assertRejected("not a JSON document: ", "");
        assertRejected("not a JSON document: null", "null");
        assertRejected("document field 'window' must be an object", "{\"_id\": \"a\", \"name\": \"a\"}");
        String noSeq = DocumentJson.toJson(doc("a", 1, Map.of())).replace("\"seq\":1,", "");
        assertRejected("document field 'seq' must be a number, not null", noSeq);
    }

    private static void assertRejected(String message, String json) {
        try {
            DocumentJson.fromJson(json);
            fail("read " + json);
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith(message));
        }
    }

    private static SampleDocument doc(String name, long seq, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "daq1", T), name, T, T - 5000, T, seq, "1.2.3", "daq1",
                300000, 4999, data);
    }
}
