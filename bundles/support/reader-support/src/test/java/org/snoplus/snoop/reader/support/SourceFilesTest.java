package org.snoplus.snoop.reader.support;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.io.FileNotFoundException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;

public class SourceFilesTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    @Test
    public void aPathIsTheOneFile() throws Exception {
        Path f = file("run1.zdab");
        assertEquals(List.of(f), SourceFiles.resolve(f.toString(), "zdab"));
    }

    @Test
    public void aGlobGivesEveryMatchingFileInNameOrderButNoDirectory() throws Exception {
        // written out of order, so that directory order and name order are unlikely to agree
        Path c = file("SNOP_0000300000_002.zdab");
        Path a = file("SNOP_0000300000_000.zdab");
        Path b = file("SNOP_0000300000_001.zdab.gz");
        file("other.ndjson");
        Files.createDirectory(tmp.getRoot().toPath().resolve("SNOP_dir.zdab"));
        assertEquals(List.of(a, b, c), SourceFiles.resolve(tmp.getRoot() + "/SNOP_*.zdab*", "zdab"));
    }

    @Test
    public void aGlobCanBeInADirectoryNameAndCanSpanDirectories() throws Exception {
        Path a = file("run1/a.ndjson");
        Path b = file("run2/b.ndjson");
        Path deep = file("run2/more/c.ndjson");
        assertEquals(List.of(a, b), SourceFiles.resolve(tmp.getRoot() + "/run*/*.ndjson", "ndjson"));
        assertEquals(List.of(a, b, deep), SourceFiles.resolve(tmp.getRoot() + "/**.ndjson", "ndjson"));
    }

    @Test
    public void filesThatAppearLaterAreFoundByTheNextCall() throws Exception {
        String glob = tmp.getRoot() + "/*.zdab";
        Path first = file("1.zdab");
        assertEquals(List.of(first), SourceFiles.resolve(glob, "zdab"));
        Path second = file("2.zdab");
        assertEquals(List.of(first, second), SourceFiles.resolve(glob, "zdab"));
    }

    @Test
    public void nothingThereFailsNamingWhatWasLookedFor() throws Exception {
        Path root = tmp.getRoot().toPath();
        assertNotFound("zdab file not found: " + root.resolve("missing.zdab"), root + "/missing.zdab", "zdab");
        assertNotFound("ndjson file " + root + " is a directory; use a glob such as " + root.resolve("*.ndjson*"),
                root.toString(), "ndjson");
        assertNotFound("no file matches " + root + "/*.zdab (in " + root + ")", root + "/*.zdab", "zdab");
        assertNotFound("no file matches " + root + "/none/*.zdab: directory " + root.resolve("none") + " not found",
                root + "/none/*.zdab", "zdab");
    }

    @Test
    public void aPatternThatCanNeverMatchIsRejectedAtOnce() {
        SourceFiles.check("data/run*/*.zdab");
        SourceFiles.check("x.ndjson");
        assertRejected("data/[run");
        assertRejected("data/x\0.zdab");
    }

    @Test
    public void aGlobIsAPatternWithAWildcard() {
        assertTrue(SourceFiles.isGlob("a*"));
        assertTrue(SourceFiles.isGlob("a?"));
        assertTrue(SourceFiles.isGlob("a[12]"));
        assertTrue(SourceFiles.isGlob("a.{zdab,gz}"));
        assertFalse(SourceFiles.isGlob("/data/SNOP_0000300000_000.zdab"));
    }

    private Path file(String name) throws Exception {
        Path f = tmp.getRoot().toPath().resolve(name);
        Files.createDirectories(f.getParent());
        return Files.writeString(f, "x");
    }

    private static void assertNotFound(String message, String pattern, String format) throws Exception {
        try {
            SourceFiles.resolve(pattern, format);
            fail("found files for " + pattern);
        } catch (FileNotFoundException e) {
            assertEquals(message, e.getMessage());
        }
    }

    private static void assertRejected(String pattern) {
        try {
            SourceFiles.check(pattern);
            fail("accepted " + pattern);
        } catch (IllegalArgumentException e) {
            String expected = "bad configuration: file is not a valid path or glob: ";
            assertTrue(e.getMessage(), e.getMessage().startsWith(expected));
        }
    }
}
