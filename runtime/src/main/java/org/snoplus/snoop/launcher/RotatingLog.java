package org.snoplus.snoop.launcher;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The log of a detached instance: one file, renamed to {@code FILE.1} when it reaches its size
 * ({@code FILE.1} to {@code FILE.2}... the oldest dropped), so that months of running keep at most
 * {@code (keep + 1) × maxBytes} on disk. Standard output and standard error both write here.
 *
 * <p>A write that fails (full disk) is dropped and tried again with the next line: the instance
 * never stops because its log cannot be written.
 */
final class RotatingLog extends OutputStream {

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private OutputStream out;
    private long size;

    RotatingLog(Path file, long maxBytes, int keep) throws IOException {
        if (maxBytes < 1024 || keep < 1) {
            throw new IllegalArgumentException("a log of at least 1 kB and one old file, not " + maxBytes + " bytes, "
                    + keep + " files");
        }
        this.file = file;
        this.maxBytes = maxBytes;
        this.keep = keep;
        Files.createDirectories(file.toAbsolutePath().getParent());
        open();
    }

    private void open() throws IOException {
        out = new FileOutputStream(file.toFile(), true);
        size = Files.size(file);
    }

    @Override
    public synchronized void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        try {
            if (size > 0 && size + len > maxBytes) {
                rotate();
            }
            out.write(b, off, len);
            size += len;
        } catch (IOException e) {
            // nowhere to say it: the next line tries again (a rotation, or room on the disk)
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path older = file.resolveSibling(file.getFileName() + "." + i);
            if (Files.exists(older)) {
                Files.move(older, file.resolveSibling(file.getFileName() + "." + (i + 1)),
                        StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling(file.getFileName() + ".1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    @Override
    public synchronized void flush() {
        try {
            out.flush();
        } catch (IOException e) {
            // as for write
        }
    }

    @Override
    public synchronized void close() throws IOException {
        out.close();
    }
}
