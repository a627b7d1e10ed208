package org.snoplus.snoop.reader.root.internal;

import static org.junit.Assert.assertArrayEquals;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.FileNotFoundException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.reader.support.FilePosition;
import org.snoplus.snoop.root.EntryCursor;
import org.snoplus.snoop.root.RootFile;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.SharedData;

/**
 * The ROOT reader on the real files of {@code ../shared/data/root/}: every entry once, in order, as the library
 * reads it (which its own tests check against jsroot); runs from a branch; resumed from a position; a glob with
 * damaged and foreign files among good ones; bad configurations.
 */
public class RootReaderTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static Path zmumu() {
        return SharedData.file("root/uproot-Zmumu.root");
    }

    private static RootReaderSettings settings(String file, String tree, String branches, String runBranch) {
        return RootReaderSettings.of(file, tree, branches, runBranch, 64, 0, false, 256);
    }

    /** Every entry of the tree as the library reads it, over the given branches (all when empty). */
    private static List<Map<String, Object>> library(Path file, String tree, List<String> branches) throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (RootFile f = RootFile.open(file);
                EntryCursor c = branches.isEmpty() ? f.tree(tree).cursor() : f.tree(tree).cursor(branches)) {
            while (c.next()) {
                out.add(c.toMap());
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object record) {
        return (Map<String, Object>) record;
    }

    /** Maps with arrays compared by content. */
    private static void assertSameEntries(List<Map<String, Object>> expected, List<Object> records) {
        assertEquals(expected.size(), records.size());
        for (int i = 0; i < expected.size(); i++) {
            Map<String, Object> want = expected.get(i);
            Map<String, Object> got = map(records.get(i));
            assertEquals("entry " + i, new ArrayList<>(want.keySet()), new ArrayList<>(got.keySet()));
            for (String k : want.keySet()) {
                Object w = want.get(k);
                Object g = got.get(k);
                if (w instanceof double[] a) {
                    assertArrayEquals("entry " + i + " " + k, a, (double[]) g, 0);
                } else if (w instanceof long[] a) {
                    assertArrayEquals("entry " + i + " " + k, a, (long[]) g);
                } else if (w instanceof boolean[] a) {
                    assertArrayEquals("entry " + i + " " + k, a, (boolean[]) g);
                } else {
                    assertEquals("entry " + i + " " + k, w, g);
                }
            }
        }
    }

    @Test
    public void everyEntryOfTheTreeOnceInOrderWithItsPosition() throws Exception {
        Path file = zmumu();
        CollectingSink sink = new CollectingSink(r -> null);
        RootReader reader = new RootReader(settings(file.toString(), "events", "", null));
        reader.read(sink);
        assertEquals(List.of(), sink.malformed);
        assertSameEntries(library(file, "events", List.of()), sink.records);
        assertEquals(2304, sink.records.size());
        Map<String, Object> first = map(sink.records.get(0));
        assertEquals(20, first.size());
        assertEquals("GT", first.get("Type"));
        assertEquals(Double.longBitsToDouble(0x40548ceb60ff1e59L), first.get("E1")); // jsroot's bits for entry 0
        assertTrue(sink.batchSizes.stream().allMatch(n -> n <= 256));
        assertEquals(new FilePosition(file.toString(), file.toString(), 2304, 0).toMap(), sink.lastPosition());
        assertTrue(reader.describe(), reader.describe().equals("root " + file + " tree events entry 2304 of 2304"
                + " (as fast as possible)"));
    }

    @Test
    public void theBranchesChosenInTheirOrderAndRunsFromTheRunBranch() throws Exception {
        Path file = zmumu();
        CollectingSink sink = new CollectingSink(r -> null);
        new RootReader(settings(file.toString(), "events", "px1, E1 ,Q1", "Run")).read(sink);
        List<Map<String, Object>> all = library(file, "events", List.of("px1", "E1", "Q1", "Run"));
        assertSameEntries(all, sink.records);
        // a run starts before the first entry and at every change of Run, as the entries go
        List<String> runs = new ArrayList<>();
        long last = Long.MIN_VALUE;
        for (Map<String, Object> e : all) {
            long r = (Long) e.get("Run");
            if (r != last) {
                runs.add("run=" + r);
                last = r;
            }
        }
        assertTrue(runs.size() > 1);
        assertEquals(runs, sink.log);
    }

    @Test
    public void aRestartResumesAtTheNextEntry() throws Exception {
        Path file = zmumu();
        RootReaderSettings s = RootReaderSettings.of(file.toString(), "events", "Event", null, 64, 0, false, 100);
        CollectingSink first = new CollectingSink(r -> null).closeAfter(1000);
        new RootReader(s).read(first);
        assertEquals(1000, first.records.size());
        CollectingSink second = new CollectingSink(r -> null).resumingFrom(first.lastPosition());
        new RootReader(s).read(second);
        List<Object> both = new ArrayList<>(first.records);
        both.addAll(second.records);
        assertSameEntries(library(file, "events", List.of("Event")), both);
    }

    @Test
    public void aGlobOfFilesWithDamagedAndForeignOnesAmongThem() throws Exception {
        Path dir = tmp.newFolder("ntuples").toPath();
        for (String v : List.of("lz4", "lzma", "uncompressed", "zlib")) {
            Files.copy(SharedData.file("root/uproot-sample-6.20.04-" + v + ".root"), dir.resolve("b-" + v + ".root"));
        }
        // a basket whose key is not a basket's: the entries of that basket are malformed, the others read
        byte[] damaged = Files.readAllBytes(SharedData.file("root/uproot-sample-6.20.04-uncompressed.root"));
        byte[] marker = "\u0007TBasket\u0002i4".getBytes(StandardCharsets.ISO_8859_1);
        int at = indexOf(damaged, marker);
        damaged[at + 7] = 'X';
        Files.write(dir.resolve("c-damaged.root"), damaged);
        Files.writeString(dir.resolve("a-not-root.root"), "not a ROOT file\n");
        Files.copy(zmumu(), dir.resolve("d-other-tree.root"));
        Files.copy(SharedData.file("root/uproot-sample-6.20.04-zlib.root"), dir.resolve("e-last.root"));

        CollectingSink sink = new CollectingSink(r -> null);
        RootReader reader = new RootReader(settings(dir + "/*.root", "sample", "i4, f8, str, Ai8", null));
        reader.read(sink);

        List<Map<String, Object>> one = library(dir.resolve("b-zlib.root"), "sample", List.of("i4", "f8", "str", "Ai8"));
        List<Map<String, Object>> expected = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            expected.addAll(one); // the same tree in four compressions
        }
        expected.addAll(one.subList(7, 30)); // the damaged copy: the first basket of i4 holds entries 0..6
        expected.addAll(one);
        assertSameEntries(expected, sink.records);

        assertEquals(sink.malformed.toString(), 1 + 7 + 1, sink.malformed.size());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).startsWith(dir.resolve("a-not-root.root") + " ")
                && sink.malformed.get(0).contains("not a ROOT file") && sink.malformed.get(0).endsWith("file skipped"));
        for (int e = 0; e < 7; e++) {
            String m = sink.malformed.get(1 + e);
            assertTrue(m, m.startsWith(dir.resolve("c-damaged.root") + " entry " + e + " basket 0 (entries 0..6) of"
                    + " branch 'i4' of tree 'sample': expected a TBasket record"));
        }
        String other = sink.malformed.get(8);
        assertTrue(other, other.startsWith(dir.resolve("d-other-tree.root") + " ")
                && other.contains("has no tree 'sample' (trees: [events])"));
    }

    @Test
    public void aBranchThatIsNotThereOrNotReadableSkipsTheFileSayingWhy() throws Exception {
        CollectingSink sink = new CollectingSink(r -> null);
        new RootReader(settings(zmumu().toString(), "events", "E1, E3", null)).read(sink);
        assertEquals(List.of(), sink.records);
        assertEquals(1, sink.malformed.size());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("has no branch 'E3'"));

        sink = new CollectingSink(r -> null);
        new RootReader(settings(zmumu().toString(), "events", "E1", "E2")).read(sink);
        assertTrue(sink.malformed.toString(), sink.malformed.get(0).contains("run.branch 'E2' of tree 'events' is"
                + " double, not an integer scalar"));
    }

    @Test
    public void aMissingFileFailsTheReadNamingIt() throws Exception {
        Path missing = tmp.getRoot().toPath().resolve("run_300000.root");
        try {
            new RootReader(settings(missing.toString(), "output", "", null)).read(new CollectingSink(r -> null));
            fail();
        } catch (FileNotFoundException e) {
            assertEquals("root file not found: " + missing, e.getMessage());
        }
    }

    @Test
    public void badConfigurationsAreRejectedWithTheKey() {
        for (String[] bad : new String[][] {
                {"", "t", "", "file is required"},
                {"x.root", " ", "", "tree is required"},
                {"x.root", "t", "a,,b", "branches has an empty name"},
                {"x.root", "t", "a,b,a", "branches names 'a' twice"}}) {
            try {
                settings(bad[0], bad[1], bad[2], null);
                fail(Arrays.toString(bad));
            } catch (IllegalArgumentException e) {
                assertTrue(e.getMessage(), e.getMessage().startsWith("bad configuration: " + bad[3]));
            }
        }
        try {
            RootReaderSettings.of("x.root", "t", "", null, 0, 0, false, 256);
            fail();
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage(), e.getMessage().startsWith("bad configuration: max.basket.mb must be between"));
        }
    }

    private static int indexOf(byte[] b, byte[] what) {
        outer:
        for (int i = 0; i <= b.length - what.length; i++) {
            for (int j = 0; j < what.length; j++) {
                if (b[i + j] != what[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
