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
        writer.activate(Configs.of(LogWriterConfig.class, "every.s", 0L));
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
    public void aProcessorIsPrintedOnceAMinuteSayingHowManyWentUnprinted() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class));
        List<SampleDocument> batch = new java.util.ArrayList<>();
        for (int i = 0; i < 90; i++) { // three minutes of two processors every 2 s
            long time = T + i * 2000L;
            batch.add(new SampleDocument(SampleDocument.idOf("count", "daq1", time), "count", time, time - 2000, time,
                    i, "1.0.0", "daq1", 300000, 2000, Map.of("count", 2000L)));
            batch.add(new SampleDocument(SampleDocument.idOf("rate", "daq1", time), "rate", time, time - 2000, time,
                    i, "1.0.0", "daq1", 300000, 2000, Map.of()));
        }
        writer.write(batch.subList(0, 100));
        writer.write(batch.subList(100, 180));
        List<String> lines = lines();
        assertEquals(List.of("2025-11-28T20:40:00Z count seq=0 events=2000 run=300000 | count=2000",
                "2025-11-28T20:40:00Z rate seq=0 events=2000 run=300000",
                "2025-11-28T20:41:00Z count seq=30 events=2000 run=300000 | count=2000 +29",
                "2025-11-28T20:41:00Z rate seq=30 events=2000 run=300000 +29",
                "2025-11-28T20:42:00Z count seq=60 events=2000 run=300000 | count=2000 +29",
                "2025-11-28T20:42:00Z rate seq=60 events=2000 run=300000 +29"), lines);
        assertTrue(writer.describe(), writer.describe().contains("6 documents, 174 not printed"));
    }

    @Test
    public void aLongSummaryIsCutShort() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "summary", "every.s", 0L));
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
        writer.activate(Configs.of(LogWriterConfig.class, "every.s", 0L));
        writer.write(List.of(doc("alarm", 1, 1, Map.of("text", "line one\nline two"))));
        assertEquals(List.of("2025-11-28T20:40:00Z alarm seq=1 events=5000 run=1 | text=\"line one\\nline two\""),
                lines());
    }

    @Test
    public void jsonPrintsTheWholeDocumentOnOneLine() throws Exception {
        writer.activate(Configs.of(LogWriterConfig.class, "format", "json", "every.s", 0L));
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
        writer.activate(Configs.of(LogWriterConfig.class, "format", "json", "every.s", 0L));
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
        writer.activate(Configs.of(LogWriterConfig.class, "format", "JSON ", "every.s", 0L));
        writer.modified(Configs.of(LogWriterConfig.class, "format", "yaml", "every.s", 0L));
        writer.write(List.of(doc("count", 1, 1, Map.of())));
        assertTrue(lines().get(0).startsWith("{\"_id\":"));

        writer.modified(Configs.of(LogWriterConfig.class, "format", "summary", "every.s", 0L));
        writer.write(List.of(doc("count", 2, 1, Map.of())));
        assertEquals("2025-11-28T20:40:00Z count seq=2 events=5000 run=1", lines().get(1));
        assertEquals("log summary to standard output (2 documents)", writer.describe());
        Configs.assertRejected("bad configuration: every.s must be between 0",
                () -> writer.activate(Configs.of(LogWriterConfig.class, "every.s", -1L)));
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
