package org.snoplus.snoop.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.Assume;

/**
 * Running snoop, or its shell, as another user ({@code nobody}), for the tests of what one user
 * may do to another's instance. Needs root (CI runs the build as root); elsewhere the tests that
 * use it are skipped, saying why.
 */
final class OtherUser {

    static final String NAME = "nobody";

    private OtherUser() {
    }

    static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Skips the calling test unless this JVM is root and can run commands as {@link #NAME}. */
    static void assumeAvailable() {
        Assume.assumeTrue("not root: the test that runs a client as '" + NAME + "' needs root (CI runs as root)",
                root());
        Assume.assumeTrue("runuser (util-linux) is missing", Files.isExecutable(Path.of("/usr/sbin/runuser"))
                || Files.isExecutable(Path.of("/sbin/runuser")));
    }

    /** {@code command} run as {@link #NAME}. */
    static List<String> as(List<String> command) {
        List<String> c = new ArrayList<>(List.of("runuser", "-u", NAME, "--"));
        c.addAll(command);
        return c;
    }

    static UserPrincipal principal() throws IOException {
        return Path.of("/").getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(NAME);
    }

    /**
     * A copy of the assembled runtime under {@code dir} that {@link #NAME} can read (the build's own
     * may sit in a directory only its owner can enter).
     */
    static Path copyOfDist(Path dir) throws IOException {
        Path to = Files.createDirectories(dir);
        try (Stream<Path> w = Files.walk(SnoopProcess.DIST)) {
            for (Path p : w.toList()) {
                Path t = to.resolve(SnoopProcess.DIST.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rwxr-xr-x"));
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                    Files.setPosixFilePermissions(t, PosixFilePermissions.fromString("rw-r--r--"));
                }
            }
        }
        return to;
    }

    /** A fresh directory in the system's temporary directory that every user may enter (mode 0755). */
    static Path openTempDirectory(String prefix) throws IOException {
        Path d = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(d, PosixFilePermissions.fromString("rwxr-xr-x"));
        return d;
    }

    static void deleteTree(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> w = Files.walk(dir)) {
            w.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: left for the system to clean
        }
    }
}
