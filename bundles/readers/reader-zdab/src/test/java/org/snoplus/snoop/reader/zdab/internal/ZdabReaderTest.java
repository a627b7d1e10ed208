package org.snoplus.snoop.reader.zdab.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PedestalSettings;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabTestData;
import org.snoplus.snoop.sno.zdab.ZdabWriter;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;

public class ZdabReaderTest {

    /** How the sink logs a record: "PMT 12" (GTID), "RHDR"... */
    static final Function<Object, String> LOG =
            r -> r instanceof PmtEvent e ? "PMT " + e.gtid() : r.getClass().getSimpleName();

    private static final Map<String, Object> PROPS = Map.of("service.pid", "snoop.reader.zdab~test");

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void theRealFileFeedsItsOneEventAfterItsRunNumber() throws Exception {
        Path demo = ZdabTestData.demoFile().toAbsolutePath().normalize();
        ZdabReader reader = new ZdabReader();
        reader.activate(Configs.of(ZdabReaderConfig.class, "file", demo.toString()), PROPS);
        assertEquals("zdab " + demo + " (as fast as possible)", reader.describe());
        CollectingSink sink = new CollectingSink(LOG);

        reader.read(sink);

        assertEquals(List.of("run=3510", "PMT " + 0xDE95), sink.log);
        assertEquals(364, sink.events().get(0).nhit());
        assertEquals(List.of(), sink.malformed);
        assertEquals("zdab " + demo + " @ 32 (as fast as possible)", reader.describe());
    }

    @Test
    public void recordsComeInFileOrderInBatchesWithTheRunAnnouncedBeforeItsRecords() throws Exception {
        List<Object> records = new ArrayList<>();
        records.add(ZdabTestData.runHeader(1));
        records.add(ZdabTestData.triggerSettings(0));
        for (int i = 0; i < 3; i++) {
            records.add(ZdabTestData.event(1, i, 10, 1));
        }
        records.add(ZdabTestData.runHeader(2));
        for (int i = 3; i < 7; i++) {
            records.add(ZdabTestData.event(1, i, 10, 2));
        }
        records.add(ZdabTestData.pedestalSettings(9));
        Path f = write("a.zdab", records);
        CollectingSink sink = new CollectingSink(LOG);

        reader(f.toString(), 0, false, false, 3).read(sink);

        int g = 0xFF_F000; // the first GTID of TestData's events
        assertEquals(List.of("run=1", "RunHeader", "TriggerSettings", "PMT " + g, "PMT " + (g + 1), "PMT " + (g + 2),
                "run=2", "RunHeader", "PMT " + (g + 3), "PMT " + (g + 4), "PMT " + (g + 5), "PMT " + (g + 6),
                "PedestalSettings"), sink.log);
        // batches of at most 3, and none across the run change: the second is cut short by it
        assertEquals(List.of(3, 2, 3, 3), sink.batchSizes);
        for (int i = 0; i < records.size(); i++) {
            ZdabTestData.assertSameRecord("record " + i, records.get(i), sink.records.get(i));
        }
        assertTrue(sink.records.get(0) instanceof RunHeader && sink.records.get(1) instanceof TriggerSettings
                && sink.records.get(10) instanceof PedestalSettings);
    }

    @Test
    public void aDamagedRecordIsReportedWithItsFileAndOffsetAndTheRestIsRead() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            records.add(ZdabTestData.event(4, i));
        }
        Path f = write("damaged.zdab", records);
        byte[] bytes = Files.readAllBytes(f);
        List<Long> offsets = ZdabTestData.read(bytes).offsets;
        long at = offsets.get(20);
        ByteBuffer.wrap(bytes).putInt((int) at + 4, 9); // logical record type 9 does not exist
        Files.write(f, bytes);
        CollectingSink sink = new CollectingSink(LOG);

        reader(f.toString(), 0, false, false, 256).read(sink);

        assertEquals(1, sink.malformed.size());
        String report = sink.malformed.get(0);
        assertTrue(report, report.startsWith(f + "@" + at + " no logical record at " + at));
        List<PmtEvent> events = sink.events();
        assertTrue(events.size() + " events", events.size() >= 50 && events.size() < 60);
        ZdabTestData.assertSameEvent("the last", (PmtEvent) records.get(59), events.get(events.size() - 1));
        ZdabTestData.assertSameEvent("the one before", (PmtEvent) records.get(19), events.get(19));
    }

    @Test
    public void aGlobReadsPlainAndCompressedFilesInNameOrder() throws Exception {
        write("run-003.zdab", List.of(ZdabTestData.event(5, 6, 3), ZdabTestData.event(5, 7, 3)));
        write("run-001.zdab", List.of(ZdabTestData.event(5, 0, 3), ZdabTestData.event(5, 1, 3)));
        write("run-002.zdab.gz", List.of(ZdabTestData.event(5, 2, 3), ZdabTestData.event(5, 3, 3)));
        Files.writeString(tmp.getRoot().toPath().resolve("notes.txt"), "not a zdab file");
        CollectingSink sink = new CollectingSink(LOG);

        reader(tmp.getRoot() + "/run-*.zdab*", 0, false, false, 256).read(sink);

        List<Integer> gtids = new ArrayList<>();
        for (PmtEvent e : sink.events()) {
            gtids.add(e.gtid() - 0xFF_F000);
        }
        assertEquals(List.of(0, 1, 2, 3, 6, 7), gtids);
        assertEquals(List.of(), sink.malformed);
    }

    @Test
    public void aMissingFileFailsNamingIt() throws Exception {
        String path = tmp.getRoot() + "/nowhere/SNOP_0000300000_000.zdab";
        try {
            reader(path, 0, false, false, 256).read(new CollectingSink(LOG));
            fail("read a file that does not exist");
        } catch (FileNotFoundException e) {
            assertTrue(e.getMessage(), e.getMessage().contains(path));
        }
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKeyAndTheReason() {
        Configs.assertRejected("bad configuration: rate must be >= 0, not -3",
                () -> ZdabReaderSettings.of("x.zdab", -3, false, false, 256));
        Configs.assertRejected("bad configuration: batch must be between 1 and 65536, not 0",
                () -> ZdabReaderSettings.of("x.zdab", 0, false, false, 0));
        Configs.assertRejected("bad configuration: file is required", () -> ZdabReaderSettings.of(" ", 0, false, false, 256));
        Configs.assertRejected("bad configuration: loop and follow cannot both be true",
                () -> ZdabReaderSettings.of("x.zdab", 0, true, true, 256));
        Configs.assertRejected("bad configuration: file is not a valid path or glob",
                () -> ZdabReaderSettings.of("data/*.{zdab", 0, false, false, 256));
        ZdabReader reader = new ZdabReader();
        Configs.assertRejected("bad configuration: rate cannot be read",
                () -> reader.activate(Configs.of(ZdabReaderConfig.class, "file", "x.zdab", "rate", "fast"), PROPS));
        Configs.assertRejected("bad configuration: file is required",
                () -> reader.activate(Configs.of(ZdabReaderConfig.class), PROPS));
        assertNotNull(ZdabReaderSettings.of("data/SNOP_*.zdab*", 1.5, false, true, 1));
    }

    @Test
    public void aRetryAfterAFailureResumesAfterTheLastPublishedRecord() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            records.add(ZdabTestData.event(6, i, 5));
        }
        Path f = write("e.zdab", records);
        ZdabReader reader = reader(f.toString(), 0, false, false, 2);
        CollectingSink failing = new CollectingSink(LOG).failOnPublish(2);
        try {
            reader.read(failing);
            fail("the failure did not reach the caller");
        } catch (IllegalStateException expected) {
            // the core reports it and calls read again
        }
        CollectingSink retry = new CollectingSink(LOG);
        reader.read(retry);

        assertEquals(2, failing.records.size());
        assertEquals(8, retry.records.size());
        ZdabTestData.assertSameEvent("first of the retry", (PmtEvent) records.get(2), retry.events().get(0));
    }

    @Test
    public void aRestartResumesAfterTheLastPositionAcrossFilesAndOnlyThere() throws Exception {
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            first.add(ZdabTestData.event(7, i, 5));
            second.add(ZdabTestData.event(8, i, 5));
        }
        write("run-001.zdab", first);
        write("run-002.zdab", second);
        String glob = tmp.getRoot() + "/run-*.zdab";
        CollectingSink before = new CollectingSink(LOG).closeAfter(13);
        reader(glob, 0, false, false, 3).read(before);
        assertEquals(13, before.records.size()); // whole batches: 3 + 3 + 3 + 1 (end of the file) + 3
        Object position = before.lastPosition();

        // a new instance, as after a restart, given the position of the last batch
        CollectingSink after = new CollectingSink(LOG).resumingFrom(position);
        reader(glob, 0, false, false, 3).read(after);
        assertEquals(7, after.records.size());
        ZdabTestData.assertSameEvent("the record after the last one published", (PmtEvent) second.get(3),
                after.events().get(0));
        assertTrue("the run is announced again before the first record", after.log.get(0).startsWith("run="));

        // a position taken under another configuration is not this reader's
        CollectingSink other = new CollectingSink(LOG).resumingFrom(position);
        reader(tmp.getRoot() + "/run-001.zdab", 0, false, false, 3).read(other);
        assertEquals(10, other.records.size());
    }

    @Test
    public void theRateIsKept() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(ZdabTestData.event(7, i, 2));
        }
        Path f = write("r.zdab", records);
        CollectingSink sink = new CollectingSink(LOG);
        long t0 = System.nanoTime();

        reader(f.toString(), 400, false, false, 256).read(sink);

        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(100, sink.records.size());
        // 100 events at 400/s: the last batch is due after about 0.24 s
        assertTrue("took " + seconds + " s", seconds > 0.15 && seconds < 0.8);
        assertTrue(sink.batchSizes.toString(), sink.batchSizes.stream().allMatch(n -> n <= 4));
    }

    @Test
    public void stopsPromptlyWhenTheSinkCloses() throws Exception {
        List<Object> records = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            records.add(ZdabTestData.event(8, i, 2));
        }
        Path f = write("slow.zdab", records);
        CollectingSink sink = new CollectingSink(LOG);
        ZdabReader reader = reader(f.toString(), 0.5, false, false, 256);
        Thread t = start(reader, sink, new AtomicReference<>());
        sink.awaitPublished(1, 2000);
        Thread.sleep(50); // into the two seconds' wait for the next event
        long t0 = System.nanoTime();
        sink.open = false;
        t.join(2000);
        assertFalse("still reading", t.isAlive());
        long took = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue("stopped after " + took + " ms", took < 300);
        assertEquals(1, sink.records.size());
    }

    /**
     * A run being written: the reader publishes what the writer has completed, waits for more, reads
     * on to the end-of-data record when the writer closes, and then takes the next file that appears.
     */
    @Test
    public void followReadsARunAsItIsWrittenAndThenTheNextOne() throws Exception {
        Path f = tmp.getRoot().toPath().resolve("SNOP_0000300000_000.zdab");
        ZdabWriter w = new ZdabWriter(f);
        List<PmtEvent> written = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            PmtEvent e = ZdabTestData.event(9, i);
            written.add(e);
            w.write(e);
        }
        CollectingSink sink = new CollectingSink(LOG);
        ZdabReader reader = reader(tmp.getRoot() + "/SNOP_*.zdab", 0, false, true, 256);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = start(reader, sink, failure);
        try {
            // the writer has handed over only complete physical records: most of the 200 events
            sink.awaitPublished(150, 3000);
            Thread.sleep(300);
            int early = sink.published;
            assertTrue(early + " published before the writer went on", early >= 150 && early < 200);
            assertTrue(reader.describe(), reader.describe().contains(" following"));

            for (int i = 200; i < 300; i++) {
                PmtEvent e = ZdabTestData.event(9, i);
                written.add(e);
                w.write(e);
            }
            w.close();
            sink.awaitPublished(300, 3000);

            Path next = tmp.getRoot().toPath().resolve("SNOP_0000300000_001.zdab");
            List<Object> more = List.of(ZdabTestData.event(9, 300), ZdabTestData.event(9, 301));
            Files.write(next, ZdabTestData.write(more));
            written.add((PmtEvent) more.get(0));
            written.add((PmtEvent) more.get(1));
            sink.awaitPublished(302, 3000);
        } finally {
            sink.open = false;
            t.join(2000);
        }
        assertFalse("still reading after the sink closed", t.isAlive());
        assertEquals(null, failure.get());
        assertEquals(List.of(), sink.malformed);
        List<PmtEvent> events = sink.events();
        assertEquals(written.size(), events.size());
        for (int i = 0; i < written.size(); i++) {
            ZdabTestData.assertSameEvent("event " + i, written.get(i), events.get(i));
        }
    }

    private static Thread start(ZdabReader reader, CollectingSink sink, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "zdab-reader-test");
        t.start();
        return t;
    }

    private static ZdabReader reader(String file, double rate, boolean loop, boolean follow, int batch) {
        return new ZdabReader(ZdabReaderSettings.of(file, rate, loop, follow, batch));
    }

    private Path write(String name, List<?> records) throws IOException {
        Path p = tmp.getRoot().toPath().resolve(name);
        try (ZdabWriter out = new ZdabWriter(p)) {
            for (Object r : records) {
                if (r instanceof PmtEvent e) {
                    out.write(e);
                } else if (r instanceof RunHeader h) {
                    out.write(h);
                } else if (r instanceof TriggerSettings ts) {
                    out.write(ts);
                } else {
                    out.write((PedestalSettings) r);
                }
            }
        }
        return p;
    }
}
