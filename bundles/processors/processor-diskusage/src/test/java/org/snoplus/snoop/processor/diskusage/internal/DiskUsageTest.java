package org.snoplus.snoop.processor.diskusage.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.junit.Assume.assumeFalse;

import java.io.File;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.testing.Configs;

public class DiskUsageTest {

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private static DiskUsage diskUsage(Object... config) {
        DiskUsage d = new DiskUsage();
        d.configure(Configs.of(DiskUsageConfig.class, config));
        return d;
    }

    private static void file(File dir, String name, int size) throws IOException {
        Path p = dir.toPath().resolve(name);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[size]);
    }

    /** A directory of 3 files of 10 + 200 + 3000 bytes, two of them in subdirectories. */
    private File knownTree() throws IOException {
        File dir = tmp.newFolder("data");
        file(dir, "a.zdab", 10);
        file(dir, "run1/b.zdab", 200);
        file(dir, "run1/deeper/c.zdab", 3000);
        Files.createDirectories(dir.toPath().resolve("empty"));
        return dir;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> of(Map<String, Object> sample, String path) {
        return (Map<String, Object>) ((Map<String, Object>) sample.get("paths")).get(path);
    }

    @Test
    public void isAPollerThatAsksForNoEvents() {
        assertNull(diskUsage().eventType());
    }

    @Test
    public void countsTheFilesAndBytesUnderADirectoryAndItsDisk() throws IOException {
        String dir = knownTree().getPath();
        Map<String, Object> usage = of(diskUsage("paths", new String[] {dir}).sample(), dir);
        assertEquals(3210L, usage.get("bytes"));
        assertEquals(3L, usage.get("files"));
        assertEquals(0L, usage.get("unreadable"));
        assertEquals(false, usage.get("truncated"));
        long free = (Long) usage.get("free");
        long total = (Long) usage.get("total");
        assertTrue(free >= 0 && total > 0 && free <= total);
        assertEquals((double) (total - free) / total, (Double) usage.get("used.fraction"), 1e-6); // six significant digits
        assertEquals(List.of("bytes", "files", "unreadable", "truncated", "free", "total", "used.fraction"),
                List.copyOf(usage.keySet()));
    }

    @Test
    public void eachPathIsReportedUnderItsOwnName() throws IOException {
        String a = knownTree().getPath();
        File other = tmp.newFolder("other");
        file(other, "x", 7);
        Map<String, Object> sample = diskUsage("paths", new String[] {a, other.getPath()}).sample();
        assertEquals(List.of(a, other.getPath()), List.copyOf(((Map<?, ?>) sample.get("paths")).keySet()));
        assertEquals(3210L, of(sample, a).get("bytes"));
        assertEquals(7L, of(sample, other.getPath()).get("bytes"));
    }

    @Test
    public void aMissingDirectoryIsReportedNotThrown() throws IOException {
        String good = knownTree().getPath();
        String missing = new File(tmp.getRoot(), "not-mounted").getPath();
        Map<String, Object> sample = diskUsage("paths", new String[] {missing, good}).sample();
        assertEquals(Map.of("error", "no such directory: " + missing), of(sample, missing));
        assertEquals(3210L, of(sample, good).get("bytes"));
    }

    @Test
    public void aFileIsNotADirectory() throws IOException {
        String f = tmp.newFile("plain").getPath();
        assertEquals(Map.of("error", "not a directory: " + f),
                of(diskUsage("paths", new String[] {f}).sample(), f));
    }

    @Test
    public void stopsAfterMaxFilesAndSaysSo() throws IOException {
        String dir = knownTree().getPath();
        Map<String, Object> usage = of(diskUsage("paths", new String[] {dir}, "max.files", 2).sample(), dir);
        assertEquals(2L, usage.get("files"));
        assertEquals(true, usage.get("truncated"));
    }

    @Test
    public void exactlyMaxFilesIsNotTruncated() throws IOException {
        String dir = knownTree().getPath();
        Map<String, Object> usage = of(diskUsage("paths", new String[] {dir}, "max.files", 3).sample(), dir);
        assertEquals(3L, usage.get("files"));
        assertEquals(false, usage.get("truncated"));
    }

    @Test
    public void linksBelowTheDirectoryAreNotFollowedButTheDirectoryItselfMayBeALink() throws IOException {
        File dir = knownTree();
        File elsewhere = tmp.newFolder("elsewhere");
        file(elsewhere, "big", 100_000);
        Files.createSymbolicLink(dir.toPath().resolve("link-to-elsewhere"), elsewhere.toPath());
        Files.createSymbolicLink(dir.toPath().resolve("link-to-file"), elsewhere.toPath().resolve("big"));
        Path linkToDir = tmp.getRoot().toPath().resolve("current");
        Files.createSymbolicLink(linkToDir, dir.toPath());

        DiskUsage d = diskUsage("paths", new String[] {dir.getPath(), linkToDir.toString()});
        Map<String, Object> sample = d.sample();
        assertEquals(3210L, of(sample, dir.getPath()).get("bytes"));
        assertEquals(3210L, of(sample, linkToDir.toString()).get("bytes"));
    }

    @Test
    public void anUnreadableDirectoryIsCountedAndSkipped() throws IOException {
        File dir = knownTree();
        Path locked = dir.toPath().resolve("locked");
        Files.createDirectories(locked);
        Files.write(locked.resolve("secret"), new byte[50]);
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("---------"));
        try {
            assumeFalse("running as root: permissions are not enforced", Files.isReadable(locked));
            Map<String, Object> usage = of(diskUsage("paths", new String[] {dir.getPath()}).sample(), dir.getPath());
            assertEquals(3210L, usage.get("bytes"));
            assertEquals(1L, usage.get("unreadable"));
        } finally {
            Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwx------"));
        }
    }

    @Test
    public void anEntryThatCannotBeReadIsCountedAndTheWalkGoesOn() throws IOException {
        // what the walk does for an unreadable directory, testable also where permissions are not
        // enforced (as root)
        DirectoryTally tally = new DirectoryTally(10);
        Path p = tmp.getRoot().toPath();
        assertEquals(FileVisitResult.CONTINUE, tally.visitFileFailed(p, new AccessDeniedException(p.toString())));
        assertEquals(FileVisitResult.CONTINUE, tally.postVisitDirectory(p, new IOException("listing broke off")));
        assertEquals(FileVisitResult.CONTINUE, tally.postVisitDirectory(p, null));
        assertEquals(2L, tally.unreadable);
        assertEquals(0L, tally.files);
    }

    @Test
    public void defaultIsTheWorkingDirectory() {
        Map<String, Object> usage = of(diskUsage().sample(), ".");
        assertTrue(usage.toString(), (Long) usage.get("files") > 0);
    }

    @Test
    public void badConfigurationIsRejectedNamingTheKey() {
        assertRejected("bad configuration: paths must name at least one directory", "paths", new String[0]);
        assertRejected("bad configuration: paths must not hold an empty entry", "paths", new String[] {"/tmp", " "});
        assertRejected("bad configuration: paths holds '/tmp/a\0b', which is not a path", "paths",
                new String[] {"/tmp/a\0b"});
        assertRejected("bad configuration: max.files must be positive, not 0", "max.files", 0);
    }

    private static void assertRejected(String message, Object... config) {
        Configs.assertRejected(message, () -> diskUsage(config));
    }

    @Test
    public void handsOverNothing() {
        assertNull(diskUsage().handoff());
    }
}
