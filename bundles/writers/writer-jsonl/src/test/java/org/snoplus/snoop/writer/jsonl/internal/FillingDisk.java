package org.snoplus.snoop.writer.jsonl.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A disk of {@code free} bytes for the files it opens: a write beyond them writes what fits and
 * fails as a full disk does ({@code No space left on device}); room is made again by
 * {@link #free}. Each channel is a real file's, so what went in is on disk.
 */
final class FillingDisk implements JsonlWriter.Opener {

    private volatile long free;

    FillingDisk(long free) {
        this.free = free;
    }

    void free(long bytes) {
        free = bytes;
    }

    @Override
    public FileChannel open(Path path) throws IOException {
        FileChannel real = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        return new FileChannel() {
            @Override
            public int write(ByteBuffer src) throws IOException {
                if (free <= 0) {
                    throw new IOException("No space left on device");
                }
                int n = (int) Math.min(src.remaining(), free);
                ByteBuffer part = src.slice();
                part.limit(n);
                int written = real.write(part);
                src.position(src.position() + written);
                free -= written;
                return written;
            }

            @Override
            public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
                long n = 0;
                for (int i = offset; i < offset + length; i++) {
                    n += write(srcs[i]);
                }
                return n;
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return real.read(dst);
            }

            @Override
            public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
                return real.read(dsts, offset, length);
            }

            @Override
            public long position() throws IOException {
                return real.position();
            }

            @Override
            public FileChannel position(long p) throws IOException {
                real.position(p);
                return this;
            }

            @Override
            public long size() throws IOException {
                return real.size();
            }

            @Override
            public FileChannel truncate(long size) throws IOException {
                long before = real.size();
                real.truncate(size);
                free += Math.max(0, before - real.size());
                return this;
            }

            @Override
            public void force(boolean metaData) throws IOException {
                real.force(metaData);
            }

            @Override
            public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
                return real.transferTo(position, count, target);
            }

            @Override
            public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
                throw new IOException("not used");
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                throw new IOException("not used");
            }

            @Override
            public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
                throw new IOException("not used");
            }

            @Override
            public FileLock lock(long position, long size, boolean shared) throws IOException {
                return real.lock(position, size, shared);
            }

            @Override
            public FileLock tryLock(long position, long size, boolean shared) throws IOException {
                return real.tryLock(position, size, shared);
            }

            @Override
            protected void implCloseChannel() throws IOException {
                real.close();
            }
        };
    }
}
