package org.snoplus.snoop.reader.support;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Stream;

/**
 * The files named by a file reader's {@code file} setting: one path, or a glob such as
 * {@code data/run*}{@code /*.ndjson.gz} or {@code data/SNOP_*.zdab*}, expanded in name order (which
 * for the DAQ's file names is run and sub-run order). Every file reader takes its input this way,
 * with the same errors for the same mistakes; hence one class.
 */
public final class SourceFiles {

    private SourceFiles() {
    }

    /**
     * Whether {@code pattern} is a glob rather than one path: it has a {@code *}, {@code ?},
     * {@code [} or <code>{</code>.
     */
    public static boolean isGlob(String pattern) {
        return pattern.chars().anyMatch(c -> c == '*' || c == '?' || c == '[' || c == '{');
    }

    /**
     * Rejects a pattern that can never match, at activation rather than on every retry.
     *
     * @throws IllegalArgumentException "bad configuration: file is not a valid path or glob: ..."
     */
    public static void check(String pattern) {
        try {
            Glob.of(pattern);
        } catch (InvalidPathException | PatternSyntaxException e) {
            throw new IllegalArgumentException("bad configuration: file is not a valid path or glob: " + e.getMessage(),
                    e);
        }
    }

    /**
     * The files to read, in name order. Evaluated afresh on every call, so files that appear later
     * (the next run's or sub-run's file) are picked up. A glob matches files only, never
     * directories; {@code **} crosses directories.
     *
     * @param format the files' format as a shifter names it ({@code "zdab"}): the errors say
     *        "zdab file not found", and a directory given as the path gets the advice to use
     *        {@code dir/*.zdab*}
     * @throws FileNotFoundException naming the path, or the pattern and its directory, when nothing is there
     */
    public static List<Path> resolve(String pattern, String format) throws IOException {
        Glob g = Glob.of(pattern);
        if (g.matcher == null) {
            if (Files.isDirectory(g.base)) {
                throw new FileNotFoundException(format + " file " + g.base + " is a directory; use a glob such as "
                        + g.base.resolve("*." + format + "*"));
            }
            // not isRegularFile: a named pipe is a fine source too
            if (!Files.exists(g.base)) {
                throw new FileNotFoundException(format + " file not found: " + g.base);
            }
            return List.of(g.base);
        }
        if (!Files.isDirectory(g.base)) {
            throw new FileNotFoundException("no file matches " + pattern + ": directory " + g.base + " not found");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(g.base, g.depth)) {
            files = s.filter(p -> g.matcher.matches(g.base.relativize(p)) && !Files.isDirectory(p))
                    .sorted(Comparator.comparing(Path::toString))
                    .toList();
        }
        if (files.isEmpty()) {
            throw new FileNotFoundException("no file matches " + pattern + " (in " + g.base + ")");
        }
        return files;
    }

    /** A pattern split into the directory to search from and the glob below it. */
    private record Glob(Path base, int depth, PathMatcher matcher) {

        static Glob of(String pattern) {
            if (!isGlob(pattern)) {
                return new Glob(Path.of(pattern).toAbsolutePath().normalize(), 0, null);
            }
            String[] parts = pattern.split("/", -1);
            int first = 0;
            while (!isGlob(parts[first])) {
                first++;
            }
            String dir = String.join("/", Arrays.copyOfRange(parts, 0, first));
            if (dir.isEmpty() && pattern.startsWith("/")) {
                dir = "/";
            }
            String rest = String.join("/", Arrays.copyOfRange(parts, first, parts.length));
            // "**" crosses directories, so the walk must go all the way down
            int depth = rest.contains("**") ? Integer.MAX_VALUE : parts.length - first;
            Path base = Path.of(dir.isEmpty() ? "." : dir).toAbsolutePath().normalize();
            return new Glob(base, depth, FileSystems.getDefault().getPathMatcher("glob:" + rest));
        }
    }
}
