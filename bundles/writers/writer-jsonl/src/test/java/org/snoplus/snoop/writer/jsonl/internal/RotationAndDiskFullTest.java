package org.snoplus.snoop.writer.jsonl.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.tukaani.xz.XZInputStream;

/** Rotated files compressed and deleted in time; a full disk neither breaks a line nor stops the writer for good. */
public class RotationAndDiskFullTest {

    // 2025-11-28T20:40:00Z
    private static final long T = 1764362400000L;
    private static final long DAY = 86_400_000L;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final MutableClock clock = new MutableClock(T);

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        volatile long now;

        MutableClock(long now) {
            this.now = now;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(now);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }

    private static SampleDocument doc(long seq) {
        long time = T + seq * 2000;
        return new SampleDocument(SampleDocument.idOf("occupancy", "daq1", time), "occupancy", time, time - 2000, time,
                seq, "1.0.0", "daq1", 300000, 2000, Map.of("channels", new long[] {seq, 2 * seq, 3}, "pad",
                        "x".repeat(300)));
    }

    private List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(tmp.getRoot().toPath())) {
            return new ArrayList<>(new TreeSet<>(s.map(p -> p.getFileName().toString()).toList()));
        }
    }

    private static List<Long> seqs(InputStream in) throws IOException {
        List<Long> seqs = new ArrayList<>();
        for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                seqs.add(DocumentJson.fromJson(line).sequence());
            }
        }
        return seqs;
    }

    @Test
    public void rotatedFilesAreCompressedAndReadBackWhole() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("documents.jsonl");
        JsonlWriter w = new JsonlWriter(file, 4000, Archiver.Compression.XZ, 7, clock);
        List<Long> written = new ArrayList<>();
        for (long seq = 1; seq <= 30; seq++) {
            w.write(List.of(doc(seq)));
            written.add(seq);
            clock.now += 1000;
        }
        w.archiver().pass();
        List<Long> read = new ArrayList<>();
        int compressed = 0;
        for (String name : names()) {
            Path f = file.resolveSibling(name);
            if (name.endsWith(".xz")) {
                compressed++;
                try (InputStream in = new XZInputStream(Files.newInputStream(f))) {
                    read.addAll(seqs(in));
                }
            } else {
                assertEquals("nothing left but the compressed files and the current one", "documents.jsonl", name);
            }
        }
        try (InputStream in = Files.newInputStream(file)) {
            read.addAll(seqs(in));
        }
        assertTrue("several rotations: " + names(), compressed >= 3);
        assertEquals(written, read);
        assertTrue(names().toString(), names().stream().anyMatch(n -> n.matches("documents\\.jsonl\\.20251128-\\d{6}\\.xz")));
        w.deactivate();
    }

    @Test
    public void gzipIsAnOptionAndNoneKeepsTheFilesAsTheyAre() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("g.jsonl");
        JsonlWriter w = new JsonlWriter(file, 1500, Archiver.Compression.GZIP, 0, clock);
        for (long seq = 1; seq <= 8; seq++) {
            w.write(List.of(doc(seq)));
            clock.now += 1000;
        }
        w.archiver().pass();
        Path gz = names().stream().filter(n -> n.endsWith(".gz")).map(file::resolveSibling).findFirst().orElseThrow();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            assertFalse(seqs(in).isEmpty());
        }
        w.deactivate();
    }

    @Test
    public void filesOlderThanKeepDaysAreDeletedAndLeftoversOfACrashTakenUp() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("documents.jsonl");
        Path old = file.resolveSibling("documents.jsonl.20251120-000000.xz");
        Path recent = file.resolveSibling("documents.jsonl.20251127-000000.xz");
        Path uncompressed = file.resolveSibling("documents.jsonl.20251128-100000");
        Path partial = file.resolveSibling("documents.jsonl.20251128-110000.xz.part");
        Path other = file.resolveSibling("other.jsonl.20251101-000000");
        Files.writeString(old, "old");
        Files.writeString(recent, "recent");
        Files.write(uncompressed, (DocumentJson.toJson(doc(1)) + "\n").getBytes(StandardCharsets.UTF_8));
        Files.writeString(partial, "half a compression");
        Files.writeString(other, "not ours");
        Files.setLastModifiedTime(other, FileTime.fromMillis(T - 100 * DAY));

        JsonlWriter w = new JsonlWriter(file, 1 << 20, Archiver.Compression.XZ, 7, clock);
        w.archiver().pass();

        assertEquals(List.of("documents.jsonl.20251127-000000.xz", "documents.jsonl.20251128-100000.xz",
                "other.jsonl.20251101-000000"), names());
        try (InputStream in = new XZInputStream(Files.newInputStream(uncompressed.resolveSibling(
                uncompressed.getFileName() + ".xz")))) {
            assertEquals(List.of(1L), seqs(in));
        }
        clock.now += 6 * DAY; // now 2025-12-04T20:40: a week ago is 2025-11-27T20:40
        w.archiver().pass();
        assertEquals(List.of("documents.jsonl.20251128-100000.xz", "other.jsonl.20251101-000000"), names());
        w.deactivate();
    }

    @Test
    public void aFullDiskFailsTheBatchWholeIsReportedAndWritingResumesWhenThereIsRoomAgain() throws Exception {
        Path file = tmp.getRoot().toPath().resolve("documents.jsonl");
        long line = DocumentJson.toJsonBytes(doc(1)).length + 1;
        FillingDisk disk = new FillingDisk(3 * line + line / 2); // room for three lines and a half
        JsonlWriter w = new JsonlWriter(file, 0, Archiver.Compression.NONE, 0, clock, disk);
        w.write(List.of(doc(1), doc(2)));
        try {
            w.write(List.of(doc(3), doc(4)));
            fail("a full disk took the batch");
        } catch (IOException e) {
            assertTrue(e.getMessage(), e.getMessage().contains("No space left on device"));
        }
        assertTrue(w.describe(), w.describe().contains("failing since") && w.describe().contains("No space left"));
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals("the half batch was taken back out: no broken line", List.of(1L, 2L), seqs(in));
        }
        assertEquals(2 * line, Files.size(file));
        try {
            w.write(List.of(doc(3), doc(4)));
            fail("still full");
        } catch (IOException e) {
            // offered again by the core while the disk is full
        }

        disk.free(1 << 20);
        w.write(List.of(doc(3), doc(4)));
        w.write(List.of(doc(5)));
        try (InputStream in = Files.newInputStream(file)) {
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(in));
        }
        assertFalse(w.describe(), w.describe().contains("failing"));
        w.deactivate();
    }

    @Test
    public void compressionIsChecked() {
        org.snoplus.snoop.testing.Configs.assertRejected("bad configuration: compress must be xz, gzip or none",
                () -> Archiver.Compression.parse("zip"));
        assertEquals(Archiver.Compression.XZ, Archiver.Compression.parse(" XZ "));
    }
}
