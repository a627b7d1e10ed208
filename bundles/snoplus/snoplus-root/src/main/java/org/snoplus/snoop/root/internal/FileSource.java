package org.snoplus.snoop.root.internal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.snoplus.snoop.root.RootFormatException;

/**
 * The open file: positional reads that never go past its end. Positional reads share one channel between
 * cursors of different threads without a lock on the read path.
 */
final class FileSource implements Closeable {

    private final Path path;
    private final FileChannel channel;
    private final long length;

    FileSource(Path path) throws IOException {
        this.path = path;
        this.channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            this.length = channel.size();
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    Path path() {
        return path;
    }

    long length() {
        return length;
    }

    /** Checks that {@code len} bytes at {@code pos} lie inside the file. */
    void check(long pos, long len, String object) throws RootFormatException {
        if (pos < 0 || len < 0 || pos > length || len > length - pos) {
            throw new RootFormatException(path, object, pos, len + " bytes at file offset " + pos
                    + " lie beyond the end of the file (" + length + " bytes): it is truncated or the offset is corrupt");
        }
    }

    /** Reads exactly {@code len} bytes at {@code pos} into {@code dst}. */
    void read(long pos, byte[] dst, int off, int len, String object) throws IOException {
        check(pos, len, object);
        ByteBuffer bb = ByteBuffer.wrap(dst, off, len);
        long p = pos;
        try {
            while (bb.hasRemaining()) {
                int n = channel.read(bb, p);
                if (n < 0) {
                    throw new RootFormatException(path, object, p, "the file ended at " + p
                            + " while reading it: it shrank after it was opened");
                }
                p += n;
            }
        } catch (ClosedChannelException e) {
            throw new IOException(path + ": " + object + ": the file has been closed", e);
        }
    }

    byte[] read(long pos, int len, String object) throws IOException {
        check(pos, len, object);
        byte[] b = new byte[len];
        read(pos, b, 0, len, object);
        return b;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
