package org.snoplus.snoop.processor.diskusage.internal;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.EnumSet;

/**
 * The regular files under a directory: how many, how many bytes, and how many entries could not be
 * read. Links below the directory are not followed (a link to / would otherwise count the disk).
 */
final class DirectoryTally extends SimpleFileVisitor<Path> {

    private final int maxFiles;
    long bytes;
    long files;
    long unreadable;
    boolean truncated;

    DirectoryTally(int maxFiles) {
        this.maxFiles = maxFiles;
    }

    /**
     * Walks {@code directory} (which may itself be a link), stopping once {@code maxFiles} files are
     * counted and another is found.
     */
    static DirectoryTally of(Path directory, int maxFiles) throws IOException {
        DirectoryTally t = new DirectoryTally(maxFiles);
        Files.walkFileTree(directory.toRealPath(), EnumSet.noneOf(FileVisitOption.class),
                Integer.MAX_VALUE, t);
        return t;
    }

    @Override
    public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile()) {
            return FileVisitResult.CONTINUE; // links, sockets, devices
        }
        if (files == maxFiles) {
            truncated = true;
            return FileVisitResult.TERMINATE;
        }
        files++;
        bytes += attrs.size();
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult visitFileFailed(Path file, IOException e) {
        unreadable++; // a directory that cannot be opened, or an entry that cannot be stat'ed
        return FileVisitResult.CONTINUE;
    }

    @Override
    public FileVisitResult postVisitDirectory(Path dir, IOException e) {
        if (e != null) {
            unreadable++; // the listing broke off part way
        }
        return FileVisitResult.CONTINUE;
    }
}
