package org.snoplus.snoop.reader.ndjson.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.zip.GZIPOutputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;

public class NdjsonReaderTest {

    /** How the sink logs an event: its field {@code n}. */
    static final Function<Object, String> LOG = e -> "n=" + ((Map<?, ?>) e).get("n");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void gzipAndPlainFilesDeliverEveryGoodEventInOrderAndSkipTheMalformedLine() throws Exception {
        Path gz = gzip("run1.ndjson.gz", "{\"n\":1,\"pmt\":[1,2,3]}", "{\"n\":2,\"nhit\":30.5}", "{\"n\":3}");
        Path plain = write("run2.ndjson", "{\"n\":4}", "", "{\"n\":5,\"flag\":true}", "{\"n\": oops}", "  ",
                "{\"n\":6,\"sub\":{\"a\":\"b\"}}");
        CollectingSink sink = new CollectingSink(LOG);

        reader(tmp.getRoot() + "/run*.ndjson*", 0, false, 256).read(sink);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sink.field("n"));
        assertEquals(List.of(1L, 2L, 3L), sink.maps().get(0).get("pmt"));
        assertEquals(30.5, sink.maps().get(1).get("nhit"));
        assertEquals(true, sink.maps().get(4).get("flag"));
        assertEquals(Map.of("a", "b"), sink.maps().get(5).get("sub"));
        assertEquals(1, sink.malformed.size());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).startsWith(plain + ":4 not JSON"));
        assertFalse(sink.malformed.get(0).contains(gz.toString()));
    }

    @Test
    public void aRestartResumesAfterTheLastPositionAndALoopKeepsItsPass() throws Exception {
        write("a.ndjson", "{\"n\":1}", "{\"n\":2}", "bad", "{\"n\":3}");
        write("b.ndjson", "{\"n\":4}", "{\"n\":5}");
        String glob = tmp.getRoot() + "/*.ndjson";
        CollectingSink before = new CollectingSink(LOG).closeAfter(3);
        reader(glob, 0, true, 2).read(before);
        assertEquals(List.of(1L, 2L, 3L), before.field("n"));

        CollectingSink after = new CollectingSink(LOG).resumingFrom(before.lastPosition()).closeAfter(4);
        reader(glob, 0, true, 2).read(after);
        assertEquals("the rest of the pass, then the next one", List.of(4L, 5L, 1L, 2L), after.field("n"));
        assertEquals(1L, ((Map<?, ?>) after.lastPosition()).get("pass"));

        CollectingSink once = new CollectingSink(LOG).resumingFrom(before.lastPosition());
        reader(glob, 0, false, 2).read(once);
        assertEquals(List.of(4L, 5L), once.field("n"));
        assertTrue("the malformed line before the position is not reported again", once.malformed.isEmpty());
    }

    @Test
    public void fieldsKeepTheirOrderInTheEvent() throws Exception {
        write("a.ndjson", "{\"z\":1,\"a\":2,\"m\":3}");
        CollectingSink sink = new CollectingSink(LOG);
        reader(tmp.getRoot() + "/a.ndjson", 0, false, 256).read(sink);
        assertEquals(List.of("z", "a", "m"), new ArrayList<>(sink.maps().get(0).keySet()));
    }

    @Test
    public void jsonThatIsNotOneObjectIsMalformed() throws Exception {
        Path f = write("x.ndjson", "[1,2]", "42", "\"text\"", "{\"n\":1}", "{\"n\":2} {\"n\":3}", "null", "{\"n\":4}");
        CollectingSink sink = new CollectingSink(LOG);
        reader(f.toString(), 0, false, 256).read(sink);

        assertEquals(List.of(1L, 4L), sink.field("n"));
        assertEquals(List.of(f + ":1 JSON array, not an object", f + ":2 JSON number, not an object",
                f + ":3 JSON string, not an object", f + ":5 text after the JSON object: {",
                f + ":6 JSON null, not an object"), sink.malformed);
    }

    @Test
    public void gzipIsRecognisedByItsMagicBytesWhateverTheName() throws Exception {
        Path f = gzip("events.json", "{\"n\":1}", "{\"n\":2}");
        CollectingSink sink = new CollectingSink(LOG);
        reader(f.toString(), 0, false, 256).read(sink);
        assertEquals(List.of(1L, 2L), sink.field("n"));
        assertEquals(List.of(), sink.malformed);
    }

    @Test
    public void aDamagedGzipFileIsReportedAndTheNextFileIsStillRead() throws Exception {
        byte[] whole = Files.readAllBytes(gzip("a.ndjson.gz", "{\"n\":1}", "{\"n\":2}"));
        Files.write(tmp.getRoot().toPath().resolve("a.ndjson.gz"), Arrays.copyOf(whole, whole.length - 12));
        write("b.ndjson.gz", "{\"n\":3}"); // plain text named .gz
        write("c.ndjson", "{\"n\":4}");
        CollectingSink sink = new CollectingSink(LOG);

        reader(tmp.getRoot() + "/*.ndjson*", 0, false, 256).read(sink);

        assertEquals(4L, sink.maps().get(sink.maps().size() - 1).get("n"));
        assertEquals(sink.malformed.toString(), 2, sink.malformed.size());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("a.ndjson.gz:"));
        assertTrue(sink.malformed.get(1), sink.malformed.get(1).startsWith(tmp.getRoot() + "/b.ndjson.gz:1 damaged gzip"));
    }

    @Test
    public void globReadsEveryMatchingFileInNameOrder() throws Exception {
        // written out of order, so that directory order and name order are unlikely to agree
        write("run-0003.ndjson", "{\"n\":5}", "{\"n\":6}");
        write("run-0001.ndjson", "{\"n\":1}", "{\"n\":2}");
        gzip("run-0002.ndjson.gz", "{\"n\":3}", "{\"n\":4}");
        write("notes.txt", "{\"n\":99}");
        CollectingSink sink = new CollectingSink(LOG);

        reader(tmp.getRoot() + "/run-*.ndjson*", 0, false, 256).read(sink);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), sink.field("n"));
    }

    @Test
    public void globCanSpanDirectories() throws Exception {
        tmp.newFolder("day2");
        tmp.newFolder("day1");
        write("day2/a.ndjson", "{\"n\":2}");
        write("day1/a.ndjson", "{\"n\":1}");
        CollectingSink sink = new CollectingSink(LOG);
        reader(tmp.getRoot() + "/day*/*.ndjson", 0, false, 256).read(sink);
        assertEquals(List.of(1L, 2L), sink.field("n"));
    }

    @Test
    public void aMissingFileFailsNamingThePath() throws Exception {
        String path = tmp.getRoot() + "/nowhere/run-300000.ndjson.gz";
        try {
            reader(path, 0, false, 256).read(new CollectingSink(LOG));
            fail("read a file that does not exist");
        } catch (FileNotFoundException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(path));
        }
    }

    @Test
    public void aGlobMatchingNothingFailsNamingThePattern() throws Exception {
        String pattern = tmp.getRoot() + "/*.ndjson";
        try {
            reader(pattern, 0, false, 256).read(new CollectingSink(LOG));
            fail("a glob matching nothing was read");
        } catch (FileNotFoundException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(pattern));
        }
    }

    @Test
    public void rateLimitingReplaysAtTheConfiguredRate() throws Exception {
        Path f = events("r.ndjson", 150);
        CollectingSink sink = new CollectingSink(LOG);
        long t0 = System.nanoTime();

        reader(f.toString(), 200, false, 256).read(sink);

        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(150, sink.maps().size());
        // 150 events at 200/s: the last batch is due after about 0.74 s
        assertTrue("took " + seconds + " s", seconds > 0.6 && seconds < 1.2);
        // at 200/s a batch holds 10 ms of events, so that none is held back long
        assertTrue(sink.batchSizes.toString(), sink.batchSizes.stream().allMatch(n -> n <= 2));
    }

    @Test
    public void withoutARateEverythingIsReadInFullBatches() throws Exception {
        Path f = events("r.ndjson", 1000);
        CollectingSink sink = new CollectingSink(LOG);
        reader(f.toString(), 0, false, 256).read(sink);
        assertEquals(List.of(256, 256, 256, 232), sink.batchSizes);
    }

    @Test
    public void stopsPromptlyWhenTheSinkCloses() throws Exception {
        Path f = events("slow.ndjson", 100);
        CollectingSink sink = new CollectingSink(LOG);
        NdjsonReader reader = reader(f.toString(), 0.5, false, 256);
        Thread t = new Thread(() -> run(reader, sink));
        t.start();
        sink.awaitPublished(1);
        Thread.sleep(50); // into the two seconds' wait for the next event
        long t0 = System.nanoTime();
        sink.open = false;
        t.join(2000);
        assertFalse("still reading", t.isAlive());
        assertStoppedWithin(200, t0);
        assertEquals(1, sink.maps().size());
    }

    @Test
    public void stopsPromptlyWhenInterrupted() throws Exception {
        Path f = events("slow.ndjson", 100);
        CollectingSink sink = new CollectingSink(LOG);
        NdjsonReader reader = reader(f.toString(), 0.5, false, 256);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        t.start();
        sink.awaitPublished(1);
        Thread.sleep(50);
        long t0 = System.nanoTime();
        t.interrupt();
        t.join(2000);
        assertFalse("still reading", t.isAlive());
        assertStoppedWithin(200, t0);
        assertEquals(null, failure.get());
        assertEquals(1, sink.maps().size());
    }

    @Test
    public void theRunIsReportedWhenItChangesAfterTheEventsOfThePreviousRun() throws Exception {
        Path f = write("runs.ndjson", "{\"n\":1,\"run\":100}", "{\"n\":2,\"run\":100}", "{\"n\":3}",
                "{\"n\":4,\"run\":101}", "{\"n\":5,\"run\":\"102\"}", "{\"n\":6,\"run\":101}", "{\"n\":7,\"run\":102}");
        CollectingSink sink = new CollectingSink(LOG);
        reader(f.toString(), 0, false, 256).read(sink);
        assertEquals(List.of("run=100", "n=1", "n=2", "n=3", "run=101", "n=4", "n=5", "n=6", "run=102", "n=7"),
                sink.log);
    }

    @Test
    public void loopStartsAgainAtTheFirstFile() throws Exception {
        write("a.ndjson", "{\"n\":1}", "{\"n\":2}");
        write("b.ndjson", "{\"n\":3}");
        CollectingSink sink = new CollectingSink(LOG).closeAfter(7);
        NdjsonReader reader = reader(tmp.getRoot() + "/*.ndjson", 0, true, 1);
        reader.read(sink);
        assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L, 1L), sink.field("n"));
        assertTrue(reader.describe(), reader.describe().contains(" pass 3"));
    }

    @Test
    public void aRetryAfterAFailureResumesAfterTheLastPublishedEvent() throws Exception {
        Path f = events("e.ndjson", 6);
        NdjsonReader reader = reader(f.toString(), 0, false, 2);
        CollectingSink failing = new CollectingSink(LOG).failOnPublish(2);
        try {
            reader.read(failing);
            fail("the failure did not reach the caller");
        } catch (IllegalStateException expected) {
            // the core reports it and calls read again
        }
        CollectingSink retry = new CollectingSink(LOG);
        reader.read(retry);
        assertEquals(List.of(1L, 2L), failing.field("n"));
        assertEquals(List.of(3L, 4L, 5L, 6L), retry.field("n"));
    }

    @Test
    public void describeNamesTheFileTheLineAndTheRate() throws Exception {
        Path f = events("d.ndjson", 3);
        NdjsonReader reader = reader(f.toString(), 100, false, 256);
        assertEquals("ndjson " + f + " (100/s)", reader.describe());
        reader.read(new CollectingSink(LOG));
        assertEquals("ndjson " + f + " line 3 (100/s)", reader.describe());
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKeyAndTheReason() {
        Configs.assertRejected("bad configuration: rate must be >= 0, not -3", () -> NdjsonReaderSettings.of("x.ndjson", -3, false, 256));
        Configs.assertRejected("bad configuration: batch must be between 1 and 65536, not 0",
                () -> NdjsonReaderSettings.of("x.ndjson", 0, false, 0));
        Configs.assertRejected("bad configuration: file is required", () -> NdjsonReaderSettings.of(" ", 0, false, 256));
        Configs.assertRejected("bad configuration: file is not a valid path or glob",
                () -> NdjsonReaderSettings.of("data/*.{ndjson", 0, false, 256));
        assertNotNull(NdjsonReaderSettings.of("data/*.ndjson*", 1.5, true, 1));
    }

    @Test
    public void activationReadsTheConfigurationAndRejectsABadRate() throws Exception {
        Path f = events("a.ndjson", 2);
        Map<String, Object> props = Map.of("service.pid", "snoop.reader.ndjson~demo");
        NdjsonReader bad = new NdjsonReader();
        Configs.assertRejected("bad configuration: rate must be >= 0, not -3",
                () -> bad.activate(Configs.of(NdjsonReaderConfig.class, "file", f.toString(), "rate", -3.0), props));
        Configs.assertRejected("bad configuration: file is required",
                () -> bad.activate(Configs.of(NdjsonReaderConfig.class), props));

        NdjsonReader reader = new NdjsonReader();
        reader.activate(Configs.of(NdjsonReaderConfig.class, "file", f.toString(), "rate", 1000.0), props);
        CollectingSink sink = new CollectingSink(LOG);
        reader.read(sink);
        assertEquals(List.of(1L, 2L), sink.field("n"));
        assertEquals("ndjson " + f + " line 2 (1000/s)", reader.describe());
    }

    private static void assertStoppedWithin(long ms, long since) {
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since);
        assertTrue("stopped after " + took + " ms", took < ms);
    }

    private static void run(NdjsonReader reader, CollectingSink sink) {
        try {
            reader.read(sink);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static NdjsonReader reader(String file, double rate, boolean loop, int batch) {
        return new NdjsonReader(NdjsonReaderSettings.of(file, rate, loop, batch));
    }

    private Path events(String name, int n) throws IOException {
        String[] lines = new String[n];
        for (int i = 0; i < n; i++) {
            lines[i] = "{\"n\":" + (i + 1) + "}";
        }
        return write(name, lines);
    }

    private Path write(String name, String... lines) throws IOException {
        Path p = new File(tmp.getRoot(), name).toPath();
        Files.write(p, List.of(lines), StandardCharsets.UTF_8);
        return p;
    }

    private Path gzip(String name, String... lines) throws IOException {
        Path p = new File(tmp.getRoot(), name).toPath();
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }
}
