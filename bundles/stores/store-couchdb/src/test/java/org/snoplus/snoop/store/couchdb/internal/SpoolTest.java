package org.snoplus.snoop.store.couchdb.internal;

import static java.nio.file.StandardOpenOption.APPEND;
import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SpoolTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void documentsComeBackInTheOrderTheyWereAppendedAcrossSegments() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        try (Spool spool = Spool.open(dir, 200)) { // a few documents a segment
            for (int i = 0; i < 10; i++) {
                spool.append(docs(i * 10, 10));
            }
            assertEquals(100, spool.records());
            assertTrue("several segments", segments(dir).size() > 5);

            assertEquals(range(0, 100), drain(spool, 7));
            assertTrue(spool.isEmpty());
            assertEquals(0, spool.bytes());
            assertEquals("only the segment being appended to is left", 1, segments(dir).size());
        }
    }

    @Test
    public void nothingIsTakenOutUntilItIsCommitted() throws Exception {
        try (Spool spool = Spool.open(tmp.getRoot().toPath(), 1 << 20)) {
            spool.append(docs(0, 5));
            Spool.Batch first = spool.read(3);
            assertEquals(range(0, 3), texts(first));
            assertEquals("read again, the same", range(0, 3), texts(spool.read(3)));
            spool.commit(first);
            assertEquals(2, spool.records());
            assertEquals(range(3, 5), texts(spool.read(10)));
        }
    }

    @Test
    public void aSpoolDroppedWithoutClosingIsReopenedWithEverythingOnce() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 300);
        spool.append(docs(0, 20));
        spool.commit(spool.read(8)); // written out
        spool.read(5); // being written out when the process died: read again after
        spool.append(docs(20, 10));
        spool.abandon(); // kill -9: nothing more is written, forced or committed

        try (Spool again = Spool.open(dir, 300)) {
            assertEquals(22, again.records());
            assertEquals(range(8, 30), drain(again, 4));
            assertEquals(0, again.tornBytes());
        }
        try (Spool third = Spool.open(dir, 300)) {
            assertTrue("everything committed stays out", third.isEmpty());
            third.append(docs(30, 2));
            assertEquals(range(30, 32), drain(third, 10));
        }
    }

    @Test
    public void aTornLastLineIsDroppedAndReportedNotFatal() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 1 << 20);
        spool.append(docs(0, 3));
        spool.abandon();
        // the process died in the middle of its next append
        Path segment = segments(dir).get(0);
        Files.write(segment, "{\"_id\":\"d3\",\"name\":\"cou".getBytes(StandardCharsets.UTF_8), APPEND);

        try (Spool again = Spool.open(dir, 1 << 20)) {
            assertEquals(23, again.tornBytes());
            assertEquals(3, again.records());
            again.append(docs(3, 1)); // appended where the torn line was
            assertEquals(range(0, 4), drain(again, 10));
            assertEquals(0, again.corruptLines());
        }
    }

    @Test
    public void aLineThatIsNotADocumentIsSkippedAndCounted() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 1 << 20);
        spool.append(docs(0, 2));
        spool.abandon();
        Files.write(segments(dir).get(0), "\u0000\u0000garbage\n\n".getBytes(StandardCharsets.UTF_8), APPEND);
        try (Spool again = Spool.open(dir, 1 << 20)) {
            again.append(docs(2, 2));
            assertEquals(range(0, 4), drain(again, 10));
            assertEquals(2, again.corruptLines());
            assertTrue(again.isEmpty());
        }
    }

    @Test
    public void anUnreadableCommitFileReplaysEverythingRatherThanLoseIt() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 1 << 20);
        spool.append(docs(0, 6));
        spool.commit(spool.read(4));
        spool.abandon();
        Files.writeString(dir.resolve(Spool.COMMITTED), "nonsense");
        try (Spool again = Spool.open(dir, 1 << 20)) {
            assertEquals(range(0, 6), drain(again, 10)); // doubled, never lost: the ids sort it out
        }
    }

    @Test
    public void consumedSegmentsLeftByACrashAreDeletedAtOpen() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 100);
        for (int i = 0; i < 10; i++) {
            spool.append(docs(i, 1)); // a new segment every few
        }
        int before = segments(dir).size();
        Spool.Batch b = spool.read(6);
        spool.abandon();
        // the commit was written but the process died before deleting what it passed
        Files.writeString(dir.resolve(Spool.COMMITTED), b.end() + "\n");
        try (Spool again = Spool.open(dir, 100)) {
            assertTrue(segments(dir).size() < before);
            assertEquals(range(6, 10), drain(again, 10));
        }
    }

    @Test
    public void aSpoolDirectoryServesOneWriterAtATime() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        try (Spool spool = Spool.open(dir, 1 << 20)) {
            try {
                Spool.open(dir, 1 << 20);
                fail("opened twice");
            } catch (IOException e) {
                assertEquals("the spool " + dir + " is in use by another writer", e.getMessage());
            }
        }
        Spool.open(dir, 1 << 20).close(); // free again
    }

    @Test
    public void theHeadIsTheOldestDocumentWaiting() throws Exception {
        try (Spool spool = Spool.open(tmp.getRoot().toPath(), 1 << 20)) {
            assertNull(spool.head());
            spool.append(docs(0, 3));
            assertArrayEquals(doc(0), spool.head());
            spool.commit(spool.read(2));
            assertArrayEquals(doc(2), spool.head());
        }
    }

    @Test
    public void aDocumentMustBeOneLine() throws Exception {
        try (Spool spool = Spool.open(tmp.getRoot().toPath(), 1 << 20)) {
            try {
                spool.append(List.of("{\"a\":\n1}".getBytes(StandardCharsets.UTF_8)));
                fail("accepted a line end");
            } catch (IllegalArgumentException expected) {
                assertTrue(spool.isEmpty());
            }
        }
    }

    @Test
    public void aThousandBatchesSurviveReopeningInOrder() throws Exception {
        Path dir = tmp.getRoot().toPath().resolve("spool");
        Spool spool = Spool.open(dir, 4096);
        List<String> expected = new ArrayList<>();
        List<String> got = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            spool.append(docs(i * 3, 3));
            expected.addAll(range(i * 3, i * 3 + 3));
            if (i % 7 == 0) {
                Spool.Batch b = spool.read(5);
                got.addAll(texts(b));
                spool.commit(b);
            }
            if (i % 250 == 249) {
                spool.abandon();
                spool = Spool.open(dir, 4096);
            }
        }
        got.addAll(drain(spool, 100));
        spool.close();
        assertEquals(expected, got);
        assertFalse(Files.exists(dir.resolve(Spool.COMMITTED + ".tmp")));
    }

    // ------------------------------------------------------------------

    private static byte[] doc(int i) {
        return ("{\"_id\":\"d" + i + "\",\"name\":\"count\",\"time\":" + (1000 + i) + "}").getBytes(StandardCharsets.UTF_8);
    }

    private static List<byte[]> docs(int from, int n) {
        return IntStream.range(from, from + n).mapToObj(SpoolTest::doc).toList();
    }

    private static List<String> range(int from, int to) {
        return IntStream.range(from, to).mapToObj(i -> new String(doc(i), StandardCharsets.UTF_8)).toList();
    }

    private static List<String> texts(Spool.Batch b) {
        return b.records().stream().map(r -> new String(r, StandardCharsets.UTF_8)).collect(Collectors.toList());
    }

    /** Reads and commits everything, {@code n} at a time. */
    private static List<String> drain(Spool spool, int n) throws IOException {
        List<String> all = new ArrayList<>();
        while (true) {
            Spool.Batch b = spool.read(n);
            if (b.isEmpty()) {
                return all;
            }
            all.addAll(texts(b));
            spool.commit(b);
        }
    }

    private static List<Path> segments(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".jsonl")).sorted().toList();
        }
    }
}
