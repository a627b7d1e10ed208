package org.snoplus.snoop.store.embedded.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;

import org.h2.store.fs.FileBase;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/**
 * An H2 file system ({@code full:PATH}) whose disk fills up when a test says so: a write then
 * writes what fits of its bytes, if any, and fails as a full disk does
 * ({@code No space left on device}). Room comes back with {@link #room}.
 */
public final class FilePathFull extends FilePathWrapper {

    static final String SCHEME = "full";

    private static volatile long free = Long.MAX_VALUE;

    /** Registers the file system (once is enough; registering again replaces it). */
    static void register() {
        FilePath.register(new FilePathFull());
    }

    /** Bytes that can still be written. */
    static void room(long bytes) {
        free = bytes;
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel real = getBase().open(mode);
        return new FileBase() {
            @Override
            public int write(ByteBuffer src, long position) throws IOException {
                long room = free;
                if (room < src.remaining()) {
                    if (room > 0) {
                        ByteBuffer part = src.slice();
                        part.limit((int) room);
                        real.write(part, position);
                    }
                    free = 0;
                    throw new IOException("No space left on device");
                }
                int n = real.write(src, position);
                free = room == Long.MAX_VALUE ? room : room - n;
                return n;
            }

            @Override
            public int write(ByteBuffer src) throws IOException {
                return write(src, real.position());
            }

            @Override
            public int read(ByteBuffer dst, long position) throws IOException {
                return real.read(dst, position);
            }

            @Override
            public int read(ByteBuffer dst) throws IOException {
                return real.read(dst);
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
                real.truncate(size);
                return this;
            }

            @Override
            public void force(boolean metaData) throws IOException {
                real.force(metaData);
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
