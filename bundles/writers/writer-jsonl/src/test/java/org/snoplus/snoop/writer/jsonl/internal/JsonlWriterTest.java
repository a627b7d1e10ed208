package org.snoplus.snoop.writer.jsonl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.testing.Configs;

public class JsonlWriterTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochMilli(T + 1234), ZoneOffset.UTC);

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void twoBatchesAreWrittenOneDocumentALine() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("docs/out.jsonl");
        JsonlWriter writer = new JsonlWriter(file, 0, CLOCK);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("count", 5000L);
        data.put("hist", new long[] {0, 7, Long.MAX_VALUE, -1});
        data.put("bits", new byte[] {1, -2});
        data.put("note", "two\nlines");
        SampleDocument first = doc("hits", 1, T, data);
        SampleDocument second = doc("hits", 2, T + 5000, Map.of());
        SampleDocument third = doc("count", 9, T + 5000, Map.of("count", 3L));

        writer.write(List.of(first, second));
        writer.write(List.of(third));
        writer.flush();

        // the form itself is DocumentJson's (and its tests')
        assertEquals(List.of(DocumentJson.toJson(first), DocumentJson.toJson(second), DocumentJson.toJson(third)),
                lines(file));
        assertEquals(List.of(second, third), read(file).subList(1, 3));
        assertEquals("jsonl " + file + " (3 documents)", writer.describe());
    }

    @Test
    public void aSecondInstanceAppendsToTheFile() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("out.jsonl");
        JsonlWriter one = new JsonlWriter(file, 0, CLOCK);
        one.write(List.of(doc("a", 1, T, Map.of()), doc("a", 2, T + 5000, Map.of())));
        one.deactivate();

        JsonlWriter two = new JsonlWriter(file, 0, CLOCK);
        two.write(List.of(doc("a", 3, T + 10000, Map.of())));
        two.deactivate();

        assertEquals(List.of(1L, 2L, 3L), seqs(read(file)));
    }

    @Test
    public void aFullFileIsRenamedAndANewOneStarted() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("out.jsonl");
        long line = Files.size(writeOne(tmp.newFile("probe").toPath()));
        // two documents fill a file
        JsonlWriter writer = new JsonlWriter(file, line + line / 2, CLOCK);

        for (int seq = 1; seq <= 5; seq++) {
            writer.write(List.of(doc("a", seq, T, Map.of())));
        }

        Path rotated = file.resolveSibling("out.jsonl.20251128-204001");
        Path rotatedAgain = file.resolveSibling("out.jsonl.20251128-204001-1");
        assertEquals(List.of(1L, 2L), seqs(read(rotated)));
        assertEquals(List.of(3L, 4L), seqs(read(rotatedAgain)));
        assertEquals(List.of(5L), seqs(read(file)));
        try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
            assertEquals(4, s.count()); // and the probe
        }
    }

    @Test
    public void withoutRotationTheFileJustGrows() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("out.jsonl");
        JsonlWriter writer = new JsonlWriter(file, 0, CLOCK);
        for (int seq = 1; seq <= 50; seq++) {
            writer.write(List.of(doc("a", seq, T, Map.of())));
        }
        assertEquals(50, read(file).size());
        try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
            assertEquals(1, s.count());
        }
    }

    @Test
    public void aDocumentThatIsNotJsonIsSkippedAndTheRestWritten() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("out.jsonl");
        JsonlWriter writer = new JsonlWriter(file, 0, CLOCK);
        writer.write(List.of(doc("a", 1, T, Map.of()), doc("a", 2, T, Map.of("thing", new Object())),
                doc("a", 3, T, Map.of())));
        assertEquals(List.of(1L, 3L), seqs(read(file)));
    }

    @Test
    public void aPathThatCannotBeOpenedFailsNamingThePath() throws Exception {
        Path notADirectory = tmp.newFile("plain-file").toPath();
        Path file = notADirectory.resolve("out.jsonl");
        JsonlWriter writer = new JsonlWriter(file, 0, CLOCK);
        try {
            writer.write(List.of(doc("a", 1, T, Map.of())));
            fail("wrote below a plain file");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("cannot open " + file + " for appending"));
        }
    }

    @Test
    public void configurationIsValidatedNamingTheKey() {
        JsonlWriter writer = new JsonlWriter();
        Map<String, Object> props = Map.of("service.pid", "snoop.writer.jsonl~test");
        Configs.assertRejected("bad configuration: rotate.mb must be >= 0 (0 = never rotate), not -1",
                () -> writer.activate(Configs.of(JsonlWriterConfig.class, "path", "x.jsonl", "rotate.mb", -1L), props));
        Configs.assertRejected("bad configuration: path is required",
                () -> writer.activate(Configs.of(JsonlWriterConfig.class), props));
        Configs.assertRejected("bad configuration: path is not a valid path",
                () -> writer.activate(Configs.of(JsonlWriterConfig.class, "path", "a\0b"), props));

        Path file = tmp.getRoot().toPath().resolve("ok.jsonl");
        writer.activate(Configs.of(JsonlWriterConfig.class, "path", file.toString(), "rotate.mb", 10L), props);
        assertEquals("jsonl " + file + " (0 documents)", writer.describe());
        assertFalse("opened before the first document", Files.exists(file));
    }

    private static Path writeOne(Path probe) throws IOException {
        Files.delete(probe);
        JsonlWriter w = new JsonlWriter(probe, 0, CLOCK);
        w.write(List.of(doc("a", 1, T, Map.of())));
        w.deactivate();
        return probe;
    }

    private static List<String> lines(Path file) throws IOException {
        byte[] all = Files.readAllBytes(file);
        assertTrue("the last line is not terminated", all.length == 0 || all[all.length - 1] == '\n');
        return all.length == 0 ? List.of() : List.of(new String(all, StandardCharsets.UTF_8).split("\n"));
    }

    private static List<SampleDocument> read(Path file) throws IOException {
        return lines(file).stream().map(DocumentJson::fromJson).toList();
    }

    private static List<Long> seqs(List<SampleDocument> docs) {
        return docs.stream().map(SampleDocument::sequence).toList();
    }

    private static SampleDocument doc(String name, long seq, long time, Map<String, Object> data) {
        return new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time, time - 5000, time, seq, "1.2.3",
                "daq1", 300000, 4999, data);
    }
}
