package org.snoplus.snoop.launcher;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One instance per data directory: an exclusive lock on {@code DATA/snoop.lock}, held for the life
 * of the process, with the holder's pid written in the file.
 *
 * <p>The operating system releases the lock when the process ends in any way (exit, SIGKILL, a
 * crash), so a stale file never blocks a start and no clean-up is needed; the file is left in place
 * on purpose (deleting it would let a third process lock a new file while a second still holds the
 * old one). The lock is a POSIX record lock ({@link FileChannel#tryLock}): sound on local file
 * systems; on NFS it depends on the server's lock manager.
 *
 * <p>Only the lock decides; the pid in the file is what the message names. {@link #holder} may be
 * called from any process (e.g. {@code snoop status}); in the process holding the lock it answers
 * from memory, because opening and closing a second channel on a locked file would release the
 * process's lock (POSIX locks belong to the process, not to the channel).
 */
public final class InstanceLock implements AutoCloseable {

    /** How often, and how long apart, a lock found held is tried again before the holder counts as running. */
    static final int PROBE_RETRIES = 10;
    static final long PROBE_WAIT_MS = 20;

    /** The lock file's name in the data directory. */
    public static final String FILE = "snoop.lock";

    /** Held by this process: data directory (real path) → lock. */
    private static final Map<Path, InstanceLock> HELD = new ConcurrentHashMap<>();

    private final Path dir;
    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(Path dir, FileChannel channel, FileLock lock) {
        this.dir = dir;
        this.channel = channel;
        this.lock = lock;
    }

    /** The data directory is locked by another running process. */
    public static final class HeldException extends IOException {
        private static final long serialVersionUID = 1L;
        private final long pid;

        HeldException(Path dir, long pid) {
            super("data directory " + dir + " is in use by a running snoop instance ("
                    + (pid > 0 ? "pid " + pid : "pid unknown") + "); stop it first or give another --data");
            this.pid = pid;
        }

        /** The holder's pid, or -1 if it could not be read. */
        public long pid() {
            return pid;
        }
    }

    /**
     * Takes the lock of {@code dataDir} (created if missing) for this process, and writes this
     * process's pid into it. Returns at once, or after at most 0.2 s if another process is only
     * probing the lock ({@link #holder}).
     *
     * @throws HeldException if another process holds it (its pid in the message and {@link HeldException#pid()})
     * @throws IOException if the lock file cannot be created or written
     */
    public static InstanceLock acquire(Path dataDir) throws IOException {
        Files.createDirectories(dataDir);
        Path dir = dataDir.toRealPath();
        synchronized (HELD) {
            if (HELD.containsKey(dir)) {
                throw new HeldException(dir, ProcessHandle.current().pid());
            }
            FileChannel ch = FileChannel.open(dir.resolve(FILE), StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = ch.tryLock();
                // another process asking whether an instance runs here (snoop status, the start script's
                // wait) holds the lock for a moment: only a holder that keeps it is one
                for (int attempt = 0; lock == null && attempt < PROBE_RETRIES; attempt++) {
                    Thread.sleep(PROBE_WAIT_MS);
                    lock = ch.tryLock();
                }
            } catch (InterruptedException e) {
                ch.close();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while taking the lock of " + dir, e);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
            if (lock == null) {
                ch.close(); // releases nothing: this process held no lock on the file
                throw new HeldException(dir, readPid(dir.resolve(FILE)));
            }
            try {
                byte[] pid = (ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII);
                ch.truncate(0);
                ch.write(ByteBuffer.wrap(pid), 0);
                ch.force(true);
            } catch (IOException e) {
                ch.close();
                throw e;
            }
            InstanceLock held = new InstanceLock(dir, ch, lock);
            HELD.put(dir, held);
            return held;
        }
    }

    /**
     * The pid of the process that holds the lock of {@code dataDir}, or empty when no process
     * holds it (no instance runs there). A holder whose pid cannot be read gives -1.
     */
    public static OptionalLong holder(Path dataDir) throws IOException {
        Path dir;
        try {
            dir = dataDir.toRealPath();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        if (HELD.containsKey(dir)) {
            return OptionalLong.of(ProcessHandle.current().pid());
        }
        Path file = dir.resolve(FILE);
        // a shared lock is enough to learn whether an exclusive one is held, and needs only READ
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe;
            try {
                probe = ch.tryLock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                return OptionalLong.of(ProcessHandle.current().pid());
            }
            if (probe != null) {
                probe.release();
                return OptionalLong.empty();
            }
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(readPid(file));
    }

    /** The pid in the file; the holder writes it right after locking, so a short wait covers that moment. */
    private static long readPid(Path file) {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                String s = Files.readString(file, StandardCharsets.US_ASCII).strip();
                if (!s.isEmpty()) {
                    return Long.parseLong(s);
                }
            } catch (IOException | NumberFormatException e) {
                // being written, or not ours: try again, then give up
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }

    /** The data directory this lock holds (its real path). */
    public Path directory() {
        return dir;
    }

    /** Releases the lock (the process's end does too). */
    @Override
    public void close() throws IOException {
        synchronized (HELD) {
            HELD.remove(dir, this);
            try {
                lock.release();
            } finally {
                channel.close();
            }
        }
    }
}
