package org.snoplus.snoop.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary directories the benchmarks' stores live in. */
final class TempDirs {

    private TempDirs() {
    }

    /** Deletes {@code dir} and what it holds; one that cannot be deleted is left behind. */
    static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind
        }
    }
}
