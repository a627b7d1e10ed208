package org.snoplus.snoop.reader.zdab.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A file that another process is still writing: at its end, reading waits for more bytes instead of
 * ending, until {@code done} says there will be no more (the file is complete, a later file has
 * appeared, the reader is stopping).
 */
final class GrowingFileInputStream extends InputStream {

    private final FileChannel channel;
    private final BooleanSupplier done;
    private final long pollNanos;

    GrowingFileInputStream(Path file, BooleanSupplier done, long pollNanos) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.done = done;
        this.pollNanos = pollNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        ByteBuffer into = ByteBuffer.wrap(b, off, len);
        while (true) {
            int n = channel.read(into);
            if (n > 0) {
                return n;
            }
            // asked after an empty read, so that bytes written before "done" turned true are not lost
            if (done.getAsBoolean() || Thread.currentThread().isInterrupted()) {
                n = channel.read(into);
                return n > 0 ? n : -1;
            }
            LockSupport.parkNanos(pollNanos);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
