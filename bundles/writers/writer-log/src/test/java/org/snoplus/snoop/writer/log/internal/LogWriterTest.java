package org.snoplus.snoop.writer.log.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.Test;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.testing.Configs;

public class LogWriterTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final LogWriter writer = new LogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));

    @Test
    public void summaryPrintsOneLinePerDocumentWithTheDataScalars() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 5000L);
        data.put("rate", 1000.5);
        data.put("ok", true);
        data.put("hist", new long[] {1, 2, 3});
        data.put("by_crate", Map.of("a", 1L, "b", 2L));
        data.put("crates", List.of(1L, 2L));
        data.put("note", "two words");
        data.put("missing", null);

        writer.write(List.of(doc("count", 42, 300000, data), doc("rate", 7, -1, Map.of())));

        List<String> lines = lines();
        assertEquals(2, lines.size());
        assertEquals("2025-11-28T20:40:00Z count seq=42 events=5000 run=300000 | count=5000 rate=1000.5 ok=true "
                + "hist=[3] by_crate={2} crates=[2] note=\"two words\" missing=null", lines.get(0));
        assertEquals("2025-11-28T20:40:00Z rate seq=7 events=5000", lines.get(1));
    }

    @Test
    public void aLongSummaryIsCutShort() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "summary"));
        Map<String, Object> data = new LinkedHashMap<>();
        for (int i = 0; i < 100; i++) {
            data.put("channel" + i, (long) i);
        }

        writer.write(List.of(doc("wide", 1, 1, data)));

        List<String> lines = lines();
        assertEquals(1, lines.size());
        String dataPart = lines.get(0).substring(lines.get(0).indexOf(" |") + 2);
        assertEquals(Format.DATA_CHARS, dataPart.length());
        assertTrue(dataPart, dataPart.startsWith(" channel0=0 channel1=1 "));
        assertTrue(dataPart, dataPart.endsWith("..."));
    }

    @Test
    public void aLineBreakInAValueDoesNotBreakTheLine() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class));
        writer.write(List.of(doc("alarm", 1, 1, Map.of("text", "line one\nline two"))));
        assertEquals(List.of("2025-11-28T20:40:00Z alarm seq=1 events=5000 run=1 | text=\"line one\\nline two\""),
                lines());
    }

    @Test
    public void jsonPrintsTheWholeDocumentOnOneLine() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "json"));
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("hist", new long[] {1, 2, 3});
        data.put("bits", new byte[] {0, 1, -1});
        data.put("mean", 2.5);
        SampleDocument d = doc("hits", 3, 300000, data);

        writer.write(List.of(d, doc("hits", 4, 300000, Map.of())));

        // the form itself is DocumentJson's (and its tests')
        assertEquals(List.of(DocumentJson.toJson(d), DocumentJson.toJson(doc("hits", 4, 300000, Map.of()))), lines());
    }

    @Test
    public void aDocumentThatIsNotJsonIsPrintedAsASummary() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "json"));
        writer.write(List.of(doc("odd", 1, 1, Map.of("thing", new Object())), doc("even", 2, 1, Map.of())));
        List<String> lines = lines();
        assertTrue(lines.get(0), lines.get(0).startsWith("2025-11-28T20:40:00Z odd seq=1 events=5000 run=1 | thing="));
        assertEquals(DocumentJson.toJson(doc("even", 2, 1, Map.of())), lines.get(1));
    }

    @Test
    public void aBadFormatIsRejectedAtActivationNamingTheKey() {
        try {
            writer.activate(Configs.of(LogWriterConfig.class, "format", "xml"));
            fail("format xml accepted");
        } catch (IllegalArgumentException e) {
            assertEquals("bad configuration: format must be 'summary' or 'json', not 'xml'", e.getMessage());
        }
    }

    @Test
    public void aBadFormatInAnUpdateKeepsThePreviousFormat() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "JSON "));
        writer.modified(Configs.of(LogWriterConfig.class, "format", "yaml"));
        writer.write(List.of(doc("count", 1, 1, Map.of())));
        assertTrue(lines().get(0).startsWith("{\"_id\":"));

        writer.modified(Configs.of(LogWriterConfig.class, "format", "summary"));
        writer.write(List.of(doc("count", 2, 1, Map.of())));
        assertEquals("2025-11-28T20:40:00Z count seq=2 events=5000 run=1", lines().get(1));
        assertEquals("log summary to standard output (2 documents)", writer.describe());
    }

    private List<String> lines() {
        String s = bytes.toString(StandardCharsets.UTF_8);
        assertTrue("unterminated line: " + s, s.isEmpty() || s.endsWith(System.lineSeparator()));
        return s.isEmpty() ? List.of() : List.of(s.split(System.lineSeparator()));
    }

    private static SampleDocument doc(String name, long seq, long run, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "daq1", T), name, T, T - 5000, T, seq, "1.0.0", "daq1",
                run, 5000, data);
    }
}
