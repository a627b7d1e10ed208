package org.snoplus.snoop.processor.dataflow.internal;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * One look at a data directory: its newest regular file whose name matches the pattern, how many
 * match, and how many of those were modified recently. Links below the directory are not followed
 * (a link to the current file would count it twice); the directory itself may be a link.
 *
 * <p>Every entry looked at counts against {@code maxEntries}, matching or not, file or
 * subdirectory: listing is the cost. Only matching entries are stat'ed.
 */
final class DirectoryScan {

    private final Path root;
    private final PathMatcher pattern;
    private final int maxEntries;
    private final long recentSince;

    /** The newest matching file, relative to the directory; null when none matched. */
    String newest;
    long newestSize;
    long newestModified;
    /** Matching regular files. */
    long files;
    /** Matching regular files modified at or after {@code recentSince}. */
    long recent;
    /** Entries looked at. */
    long scanned;
    /** Entries or subdirectories that could not be read. */
    long unreadable;
    /** Whether the scan stopped at {@code maxEntries}. */
    boolean truncated;

    private DirectoryScan(Path root, PathMatcher pattern, int maxEntries, long recentSince) {
        this.root = root;
        this.pattern = pattern;
        this.maxEntries = maxEntries;
        this.recentSince = recentSince;
    }

    /**
     * Scans {@code dir} (an existing directory), counting files modified at or after
     * {@code recentSince} (ms since the epoch) as recent.
     *
     * @throws IOException if the directory itself cannot be listed
     */
    static DirectoryScan of(Path dir, PathMatcher pattern, boolean recursive, int maxEntries, long recentSince)
            throws IOException {
        // a walk does not go into a root that is a link, a listing does
        Path root = recursive ? dir.toRealPath() : dir;
        DirectoryScan scan = new DirectoryScan(root, pattern, maxEntries, recentSince);
        if (recursive) {
            scan.walk();
        } else {
            scan.list();
        }
        return scan;
    }

    private void list() throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (!take()) {
                    return;
                }
                if (!pattern.matches(entry.getFileName())) {
                    continue;
                }
                BasicFileAttributes attrs;
                try {
                    attrs = Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException gone) {
                    continue; // moved away between the listing and now: normal in a data directory
                } catch (IOException e) {
                    unreadable++;
                    continue;
                }
                consider(entry, attrs);
            }
        } catch (DirectoryIteratorException e) {
            unreadable++; // the listing broke off part way: report what was seen
        }
    }

    private void walk() throws IOException {
        Files.walkFileTree(root, EnumSet.noneOf(FileVisitOption.class), Integer.MAX_VALUE,
                new SimpleFileVisitor<Path>() {
                    @Override
                    public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                        if (dir.equals(root)) {
                            return FileVisitResult.CONTINUE;
                        }
                        return take() ? FileVisitResult.CONTINUE : FileVisitResult.TERMINATE;
                    }

                    @Override
                    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                        if (!take()) {
                            return FileVisitResult.TERMINATE;
                        }
                        if (pattern.matches(file.getFileName())) {
                            consider(file, attrs);
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult visitFileFailed(Path file, IOException e) {
                        if (!(e instanceof NoSuchFileException)) {
                            unreadable++;
                        }
                        return FileVisitResult.CONTINUE;
                    }

                    @Override
                    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
                        if (e != null) {
                            unreadable++;
                        }
                        return FileVisitResult.CONTINUE;
                    }
                });
    }

    /** Counts one more entry; false, and truncated, when the budget is spent. */
    private boolean take() {
        if (scanned == maxEntries) {
            truncated = true;
            return false;
        }
        scanned++;
        return true;
    }

    private void consider(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            return; // subdirectories, links, sockets
        }
        files++;
        long modified = attrs.lastModifiedTime().toMillis();
        if (modified >= recentSince) {
            recent++;
        }
        String name = root.relativize(file).toString();
        // ties (files written within the file system's time resolution) go to the greater name,
        // which for run-numbered files is the later one, and is the same answer on every sample
        if (newest == null || modified > newestModified || modified == newestModified && name.compareTo(newest) > 0) {
            newest = name;
            newestSize = attrs.size();
            newestModified = modified;
        }
    }
}
