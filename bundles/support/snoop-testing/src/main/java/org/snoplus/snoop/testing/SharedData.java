package org.snoplus.snoop.testing;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.Assume;

/**
 * Real data written by other people's software ({@code ../shared/data/} beside the project, see its
 * README), found from any module however deep it sits.
 *
 * <p>A missing file skips the test on a developer's machine, where the data may not be checked out,
 * and fails it in CI ({@code CI=true}), where a skip would hide a broken path. A clone that does not
 * sit beside the data (a second worktree) names it with {@code -Dsnoop.shared.data=DIR}.
 */
public final class SharedData {

    private static final Path ROOT = findRoot();

    private SharedData() {
    }

    /** The project's root directory. */
    public static Path projectRoot() {
        return ROOT;
    }

    /** A file under the shared data directory, e.g. {@code zdab/Demo_Events.zdab}, which must exist. */
    public static Path file(String relative) {
        String dir = System.getProperty("snoop.shared.data");
        Path data = dir != null && !dir.isBlank() ? Path.of(dir) : ROOT.resolve("../shared/data");
        Path p = data.resolve(relative).toAbsolutePath().normalize();
        String why = "the real data file " + p + " is not there (it comes with the project's shared data)";
        if (!Files.isReadable(p)) {
            if ("true".equals(System.getenv("CI"))) {
                throw new AssertionError(why);
            }
            Assume.assumeTrue("skipped: " + why, false);
        }
        return p;
    }

    /** The SNO demo file of the xsnoed event display: one PMT event of run 3510, NHIT 364. */
    public static Path demoZdab() {
        return file("zdab/Demo_Events.zdab");
    }

    private static Path findRoot() {
        String configured = System.getProperty("snoop.root");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("runtime/bin/snoop")) && Files.isDirectory(p.resolve("bundles"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the project: no runtime/bin/snoop above " + Path.of("").toAbsolutePath());
    }
}
