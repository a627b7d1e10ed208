package org.snoplus.snoop.processor.dataflow.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.testing.Configs;

public class DataFlowTest {

    /** The fake clock's start, a whole second. */
    private static final long T = 1_764_362_400_000L;

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    /** The fake clock, ms. */
    private long now = T;
    private Path data;

    @Before
    public void dataDirectory() throws IOException {
        data = tmp.newFolder("data").toPath();
    }

    private DataFlow dataFlow(Object... config) {
        DataFlow d = new DataFlow(() -> now);
        d.configure(Configs.of(DataFlowConfig.class, config));
        return d;
    }

    /** A dataflow of the data directory and more configuration. */
    private DataFlow watching(Object... config) {
        Object[] all = Arrays.copyOf(config, config.length + 2);
        all[config.length] = "dirs";
        all[config.length + 1] = new String[] {data.toString()};
        return dataFlow(all);
    }

    /** Writes {@code size} bytes to {@code name} under {@code dir} and sets its modification time. */
    private static Path file(Path dir, String name, int size, long modified) throws IOException {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
        Files.setLastModifiedTime(p, FileTime.fromMillis(modified));
        return p;
    }

    /** Appends {@code size} bytes to a file, as a writer of data does, and sets its modification time. */
    private static void grow(Path p, int size, long modified) throws IOException {
        Files.write(p, new byte[size], StandardOpenOption.APPEND);
        Files.setLastModifiedTime(p, FileTime.fromMillis(modified));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> of(Map<String, Object> sample, Object dir) {
        return (Map<String, Object>) ((Map<String, Object>) sample.get("dirs")).get(dir.toString());
    }

    private Map<String, Object> sampleOfData(DataFlow d) {
        return of(d.sample(), data);
    }

    @Test
    public void isAPollerThatAsksForNoEvents() {
        assertNull(dataFlow().eventType());
    }

    @Test
    public void withoutDirectoriesTheDocumentIsEmptyAndSaysWhy() {
        Map<String, Object> sample = dataFlow().sample();
        assertEquals(Map.of("dirs", Map.of(), "note", DataFlow.NO_DIRS), sample);
        assertTrue(DataFlow.NO_DIRS.contains("dirs"));
    }

    @Test
    public void reportsTheNewestFileItsSizeAndAgeAndTheRecentOnes() throws IOException {
        file(data, "SNOP_0000300000_000.zdab", 10, T - 3_600_000);
        file(data, "SNOP_0000300000_001.zdab", 2000, T - 5_000);
        file(data, "snoop.log", 5, T - 1_000);

        Map<String, Object> zdab = sampleOfData(watching("pattern", "*.zdab", "recent.s", 60L));
        assertEquals("SNOP_0000300000_001.zdab", zdab.get("newest"));
        assertEquals(2000L, zdab.get("size"));
        assertEquals(T - 5_000, zdab.get("modified"));
        assertEquals(5.0, (Double) zdab.get("age.s"), 1e-9);
        assertNull("no rate before a second sample", zdab.get("growth.rate"));
        assertEquals(2L, zdab.get("files"));
        assertEquals(1L, zdab.get("recent"));
        assertEquals(3L, zdab.get("scanned"));
        assertEquals(0L, zdab.get("unreadable"));
        assertEquals(false, zdab.get("truncated"));
        assertEquals(List.of("newest", "size", "modified", "age.s", "growth.rate", "files", "recent", "scanned",
                "unreadable", "truncated"), List.copyOf(zdab.keySet()));

        Map<String, Object> all = sampleOfData(watching());
        assertEquals("snoop.log", all.get("newest"));
        assertEquals(3L, all.get("files"));
        assertEquals("default recent.s is 600", 2L, all.get("recent"));
    }

    @Test
    public void recentMeansModifiedWithinRecentSecondsOfTheSample() throws IOException {
        file(data, "a", 1, T - 60_000); // exactly recent.s old: recent
        file(data, "b", 1, T - 60_001);
        file(data, "c", 1, T + 2_000); // from a clock ahead of ours
        Map<String, Object> m = sampleOfData(watching("recent.s", 60L));
        assertEquals(2L, m.get("recent"));
        assertEquals("c", m.get("newest"));
        assertEquals(-2.0, (Double) m.get("age.s"), 1e-9);
    }

    @Test
    public void growthRateIsComputedBetweenTwoSamples() throws IOException {
        Path run = file(data, "run.zdab", 1000, T - 1_000);
        DataFlow d = watching();
        assertNull(sampleOfData(d).get("growth.rate"));

        grow(run, 3000, T + 1_000);
        now = T + 2_000;
        Map<String, Object> second = sampleOfData(d);
        assertEquals(4000L, second.get("size"));
        assertEquals(1500.0, (Double) second.get("growth.rate"), 1e-9);

        now = T + 6_000;
        assertEquals("a file that stopped growing", 0.0, (Double) sampleOfData(d).get("growth.rate"), 1e-9);
    }

    @Test
    public void aNewFileCountsTheRestOfThePreviousOneAndAllOfItself() throws IOException {
        Path first = file(data, "run_000.zdab", 1000, T - 1_000);
        DataFlow d = watching();
        d.sample();

        grow(first, 500, T + 100); // the end of the first file
        file(data, "run_001.zdab", 2500, T + 900);
        now = T + 1_000;
        Map<String, Object> m = sampleOfData(d);
        assertEquals("run_001.zdab", m.get("newest"));
        assertEquals(3000.0, (Double) m.get("growth.rate"), 1e-9);

        // the previous file moved away to storage: only the new one counts
        Files.delete(first);
        grow(data.resolve("run_001.zdab"), 100, T + 1_500);
        file(data, "run_002.zdab", 400, T + 1_900);
        Files.delete(data.resolve("run_001.zdab"));
        now = T + 2_000;
        assertEquals(400.0, (Double) sampleOfData(d).get("growth.rate"), 1e-9);
    }

    @Test
    public void theGrowthRateGoesOnAcrossAnUpgrade() throws IOException {
        Path run = file(data, "run.zdab", 1000, T - 1_000);
        DataFlow old = watching();
        old.sample();

        grow(run, 5000, T + 9_000);
        now = T + 10_000;
        DataFlow next = watching();
        next.takeover(old.handoff());
        assertEquals(500.0, (Double) sampleOfData(next).get("growth.rate"), 1e-9);
    }

    @Test
    public void handoffIsPlainData() throws IOException {
        file(data, "run.zdab", 1000, T - 1_000);
        DataFlow d = watching();
        d.sample();
        Map<String, Object> expected = Map.of("dirs",
                Map.of(data.toString(), Map.of("time", T, "newest", "run.zdab", "size", 1000L)));
        assertEquals(expected, d.handoff());
    }

    @Test
    public void takeoverReplacesWhatThisInstanceSawAndIgnoresWhatItCannotUse() throws IOException {
        Path run = file(data, "run.zdab", 1000, T - 1_000);
        DataFlow d = watching();
        d.sample(); // its own view: 1000 bytes at T

        Map<String, Object> state = new HashMap<>();
        state.put(data.toString(), Map.of("time", T - 4_000, "newest", "run.zdab", "size", 200)); // an Integer size
        state.put("/not/configured", Map.of("time", T, "newest", "x", "size", 1L));
        d.takeover(Map.of("dirs", state));
        assertEquals(Map.of("dirs", Map.of(data.toString(), Map.of("time", T - 4_000, "newest", "run.zdab",
                "size", 200L))), d.handoff());

        grow(run, 1000, T + 900);
        now = T + 1_000;
        assertEquals("from the handed-over 200 bytes 5 s ago", 360.0,
                (Double) sampleOfData(d).get("growth.rate"), 1e-9);

        d.takeover(Map.of("dirs", Map.of(data.toString(), Map.of("time", "yesterday", "newest", "run.zdab"))));
        assertNull(sampleOfData(d).get("growth.rate"));
        d.takeover("not a map");
        assertNull(sampleOfData(d).get("growth.rate"));
        d.takeover(null);
        assertEquals(Map.of("dirs", Map.of()), d.handoff());
    }

    @Test
    public void aClockSetBackGivesNoRate() throws IOException {
        file(data, "run.zdab", 1000, T - 1_000);
        DataFlow d = watching();
        d.sample();
        now = T - 1_000;
        assertNull(sampleOfData(d).get("growth.rate"));
    }

    @Test
    public void aMissingDirectoryIsReportedNotThrownAndStartsAfreshWhenBack() throws IOException {
        Path missing = tmp.getRoot().toPath().resolve("not-mounted");
        file(data, "run.zdab", 10, T - 1_000);
        DataFlow d = dataFlow("dirs", new String[] {missing.toString(), data.toString()});
        Map<String, Object> sample = d.sample();
        assertEquals(Map.of("error", "no such directory: " + missing), of(sample, missing));
        assertEquals("run.zdab", of(sample, data).get("newest"));
        assertEquals(List.of(missing.toString(), data.toString()),
                List.copyOf(((Map<?, ?>) sample.get("dirs")).keySet()));

        file(missing, "late.zdab", 100, T);
        now = T + 1_000;
        Map<String, Object> back = of(d.sample(), missing);
        assertEquals("late.zdab", back.get("newest"));
        assertNull(back.get("growth.rate"));

        Files.delete(missing.resolve("late.zdab"));
        Files.delete(missing);
        now = T + 2_000;
        assertEquals(Map.of("error", "no such directory: " + missing), of(d.sample(), missing));
        file(missing, "late.zdab", 100, T + 2_500);
        now = T + 3_000;
        assertNull("what was seen before it went is forgotten", of(d.sample(), missing).get("growth.rate"));
    }

    @Test
    public void aFileIsNotADirectory() throws IOException {
        Path f = file(data, "plain", 1, T);
        assertEquals(Map.of("error", "not a directory: " + f),
                of(dataFlow("dirs", new String[] {f.toString()}).sample(), f));
    }

    @Test
    public void aDirectoryWithoutMatchingFilesHasNoNewest() throws IOException {
        file(data, "readme.txt", 1, T);
        Map<String, Object> m = sampleOfData(watching("pattern", "*.zdab"));
        assertNull(m.get("newest"));
        assertNull(m.get("size"));
        assertNull(m.get("age.s"));
        assertNull(m.get("growth.rate"));
        assertEquals(0L, m.get("files"));
        assertEquals(1L, m.get("scanned"));
        assertTrue(m.containsKey("size"));
    }

    @Test
    public void subdirectoriesAreLookedIntoOnlyWhenRecursive() throws IOException {
        file(data, "old.zdab", 10, T - 10_000);
        file(data, "run1/deeper/new.zdab", 20, T - 1_000);

        Map<String, Object> flat = sampleOfData(watching("pattern", "*.zdab"));
        assertEquals("old.zdab", flat.get("newest"));
        assertEquals(1L, flat.get("files"));
        assertEquals("the file and the directory run1", 2L, flat.get("scanned"));

        Map<String, Object> deep = sampleOfData(watching("pattern", "*.zdab", "recursive", true));
        assertEquals("run1/deeper/new.zdab", deep.get("newest"));
        assertEquals(20L, deep.get("size"));
        assertEquals(2L, deep.get("files"));
        assertEquals("two files and two directories", 4L, deep.get("scanned"));
    }

    @Test
    public void theScanStopsAtMaxFilesAndSaysSo() throws IOException {
        for (int i = 0; i < 5; i++) {
            file(data, "f" + i, i, T - i * 1000);
        }
        Map<String, Object> capped = sampleOfData(watching("max.files", 3));
        assertEquals(3L, capped.get("scanned"));
        assertEquals(3L, capped.get("files"));
        assertEquals(true, capped.get("truncated"));

        Map<String, Object> exactly = sampleOfData(watching("max.files", 5));
        assertEquals(5L, exactly.get("files"));
        assertEquals(false, exactly.get("truncated"));
        assertEquals("f0", exactly.get("newest"));

        Map<String, Object> walked = sampleOfData(watching("max.files", 2, "recursive", true));
        assertEquals(2L, walked.get("scanned"));
        assertEquals(true, walked.get("truncated"));
    }

    @Test
    public void linksInsideAreNotFollowedButTheDirectoryMayBeALink() throws IOException {
        Path real = file(data, "run.zdab", 300, T - 5_000);
        Files.createSymbolicLink(data.resolve("current.zdab"), real); // a link is newer than its target
        Path linkToData = tmp.getRoot().toPath().resolve("l2");
        Files.createSymbolicLink(linkToData, data);

        for (boolean recursive : new boolean[] {false, true}) {
            DataFlow d = dataFlow("dirs", new String[] {data.toString(), linkToData.toString()}, "recursive",
                    recursive);
            Map<String, Object> sample = d.sample();
            for (Path dir : List.of(data, linkToData)) {
                Map<String, Object> m = of(sample, dir);
                assertEquals(dir + " recursive=" + recursive, "run.zdab", m.get("newest"));
                assertEquals(1L, m.get("files"));
                assertEquals(300L, m.get("size"));
            }
        }
    }

    @Test
    public void filesWrittenInTheSameInstantGoToTheGreaterName() throws IOException {
        file(data, "run_009.zdab", 1, T);
        file(data, "run_010.zdab", 2, T);
        file(data, "run_001.zdab", 3, T);
        assertEquals("run_010.zdab", sampleOfData(watching()).get("newest"));
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKey() {
        assertRejected("bad configuration: dirs must not hold an empty entry", "dirs", new String[] {"/tmp", " "});
        assertRejected("bad configuration: dirs holds '/tmp/a\0b', which is not a path", "dirs",
                new String[] {"/tmp/a\0b"});
        assertRejected("bad configuration: dirs holds '/tmp' twice", "dirs", new String[] {"/tmp", " /tmp"});
        assertRejected("bad configuration: pattern must not be empty", "pattern", " ");
        assertRejected("bad configuration: pattern is matched against file names only", "pattern", "run/*.zdab");
        assertRejected("bad configuration: pattern '[a' is not a glob", "pattern", "[a");
        assertRejected("bad configuration: recent.s must be between 1 and 1000000000 seconds, not 0", "recent.s", 0L);
        assertRejected("bad configuration: recent.s must be between 1", "recent.s", Long.MAX_VALUE);
        assertRejected("bad configuration: max.files must be positive, not 0", "max.files", 0);
    }

    private void assertRejected(String message, Object... config) {
        Configs.assertRejected(message, () -> dataFlow(config));
    }
}
