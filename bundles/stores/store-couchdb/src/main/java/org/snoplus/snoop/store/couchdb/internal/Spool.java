package org.snoplus.snoop.store.couchdb.internal;

import static java.nio.file.StandardCopyOption.ATOMIC_MOVE;
import static java.nio.file.StandardCopyOption.REPLACE_EXISTING;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A durable, append-only queue of JSON documents on disk: what a writer keeps while its store
 * cannot take them, read back in the order it was appended.
 *
 * <h2>Format</h2>
 * A directory of its own holding:
 * <ul>
 * <li><b>segments</b> {@code 00000000000000000001.jsonl}, {@code …02.jsonl}, …: one JSON document
 * (an object, compact, without raw line ends) per line, each line ended by {@code \n}. Only the
 * last segment is appended to; a new one is started once it holds {@code segmentBytes}.</li>
 * <li><b>{@code committed}</b>: {@code "SEGMENT OFFSET\n"}, the position up to which documents
 * have been taken out (written to the store). Replaced atomically (written beside, forced to
 * disk, renamed over) on every {@link #commit}. Segments wholly before it are deleted.</li>
 * <li><b>{@code lock}</b>: held (an OS file lock) while a spool object has the directory open,
 * so that two writers configured with the same directory cannot mix their documents.</li>
 * </ul>
 *
 * <h2>Durability</h2>
 * {@link #append} writes a batch in one write and forces it to disk ({@code fsync}) before it
 * returns. After a crash (a {@code kill -9}, a power cut) {@link #open} finds every appended
 * batch. A batch whose append was cut short leaves a last line without its {@code \n}: that torn
 * tail is cut off and reported ({@link #tornBytes()}), never fatal; its documents had not been
 * acknowledged. A line that is not a JSON object ({@code {…}}) is skipped and counted
 * ({@link #corruptLines()}). A document read but not yet committed when the process died is read
 * again: a consumer must accept a document twice (the writer's ids make that harmless).
 *
 * <p>Not thread-safe for two consumers, but one thread may {@link #append} while another
 * {@link #read}s and {@link #commit}s: every method is synchronized and does its disk work (one
 * write and one {@code fsync}) under the lock. Files are read and written with
 * {@link RandomAccessFile}, whose calls an interrupt does not break (an interrupted
 * {@code FileChannel} closes itself).
 */
final class Spool implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    static final String COMMITTED = "committed";
    static final String LOCK = "lock";
    private static final Pattern SEGMENT = Pattern.compile("(\\d{1,20})\\.jsonl");
    private static final int READ_CHUNK = 64 * 1024;

    /** Where documents were taken out up to; {@code segment} numbers start at 1. */
    record Position(long segment, long offset) {
        @Override
        public String toString() {
            return segment + " " + offset;
        }
    }

    /**
     * Documents read from the spool, in order, and the position after them. Nothing is taken out
     * until it is {@link Spool#commit committed}.
     *
     * @param records the documents, each without its line end
     * @param skipped corrupt or empty lines passed over on the way (reported, not returned)
     * @param bytes the bytes read, line ends included
     */
    record Batch(List<byte[]> records, int skipped, long bytes, Position end) {
        boolean isEmpty() {
            return records.isEmpty() && skipped == 0;
        }
    }

    private final Path dir;
    private final long segmentBytes;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** Segment number to its size in bytes, every segment on disk. */
    private final TreeMap<Long, Long> segments = new TreeMap<>();
    private Position committed;
    private long records;
    private long bytes;
    private long tornBytes;
    private long corruptLines;
    private RandomAccessFile appending; // the last segment, open while appended to
    private long appendingSegment;
    private boolean closed;

    private Spool(Path dir, long segmentBytes, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.segmentBytes = segmentBytes;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the spool in {@code dir} (created if missing), recovering what a previous process
     * left: consumed segments are deleted, a torn last line is cut off.
     *
     * @param segmentBytes the size at which a new segment is started
     * @throws IOException if the directory cannot be used, or another spool holds it
     */
    static Spool open(Path dir, long segmentBytes) throws IOException {
        if (segmentBytes <= 0) {
            throw new IllegalArgumentException("segmentBytes must be > 0");
        }
        Files.createDirectories(dir);
        FileChannel lockChannel = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;
        } catch (IOException e) {
            lockChannel.close();
            throw e;
        }
        if (lock == null) {
            lockChannel.close();
            throw new IOException("the spool " + dir + " is in use by another writer");
        }
        Spool spool = new Spool(dir, segmentBytes, lockChannel, lock);
        try {
            spool.recover();
        } catch (IOException | RuntimeException e) {
            spool.close();
            throw e;
        }
        return spool;
    }

    private void recover() throws IOException {
        Files.deleteIfExists(dir.resolve(COMMITTED + ".tmp"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Matcher m = SEGMENT.matcher(f.getFileName().toString());
                if (m.matches() && Files.isRegularFile(f)) {
                    segments.put(Long.parseLong(m.group(1)), Files.size(f));
                }
            }
        }
        committed = readCommitted();
        // segments wholly consumed: their deletion may not have happened before the process died
        while (!segments.isEmpty() && segments.firstKey() < committed.segment()) {
            delete(segments.firstKey());
        }
        if (segments.isEmpty()) {
            committed = new Position(Math.max(committed.segment(), 1), 0);
        } else if (segments.firstKey() > committed.segment()) {
            committed = new Position(segments.firstKey(), 0);
        }
        if (!segments.isEmpty()) {
            cutTornTail(segments.lastKey());
        }
        Long size = segments.get(committed.segment());
        if (size != null && committed.offset() > size) {
            LOG.warn("spool {}: committed position {} is past the end of its segment ({} bytes); taken as its end",
                    dir, committed, size);
            committed = new Position(committed.segment(), size);
        }
        countPending();
        if (records > 0) {
            LOG.info("spool {}: {} documents ({} bytes) waiting from before", dir, records, bytes);
        }
    }

    private Position readCommitted() {
        Path file = dir.resolve(COMMITTED);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.US_ASCII).trim();
        } catch (NoSuchFileException e) {
            return new Position(0, 0);
        } catch (IOException e) {
            LOG.warn("spool {}: {} cannot be read ({}); everything spooled is read again (documents written "
                    + "already are recognised by their ids)", dir, file, e.toString());
            return new Position(0, 0);
        }
        String[] parts = text.split(" ");
        try {
            if (parts.length == 2) {
                long segment = Long.parseLong(parts[0]);
                long offset = Long.parseLong(parts[1]);
                if (segment >= 0 && offset >= 0) {
                    return new Position(segment, offset);
                }
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        LOG.warn("spool {}: {} holds \"{}\", not a position; everything spooled is read again (documents "
                + "written already are recognised by their ids)", dir, file, text);
        return new Position(0, 0);
    }

    /** A batch appended only in part ends without {@code \n}: cut it off. */
    private void cutTornTail(long segment) throws IOException {
        long size = segments.get(segment);
        if (size == 0) {
            return;
        }
        try (RandomAccessFile f = new RandomAccessFile(segmentPath(segment).toFile(), "rw")) {
            long end = lastLineEnd(f, size);
            if (end < size) {
                tornBytes += size - end;
                LOG.warn("spool {}: the last line of {} was cut short ({} bytes without a line end), most likely "
                        + "by a crash while it was written; dropped (it had not been acknowledged)", dir,
                        segmentPath(segment).getFileName(), size - end);
                f.setLength(end);
                f.getFD().sync();
                segments.put(segment, end);
            }
        }
    }

    /** The offset just past the last {@code \n} of the file, 0 if it has none. */
    private static long lastLineEnd(RandomAccessFile f, long size) throws IOException {
        byte[] buf = new byte[8192];
        long end = size;
        while (end > 0) {
            int n = (int) Math.min(buf.length, end);
            f.seek(end - n);
            f.readFully(buf, 0, n);
            for (int i = n - 1; i >= 0; i--) {
                if (buf[i] == '\n') {
                    return end - n + i + 1;
                }
            }
            end -= n;
        }
        return 0;
    }

    private void countPending() throws IOException {
        records = 0;
        bytes = 0;
        byte[] buf = new byte[READ_CHUNK];
        for (var e : segments.tailMap(committed.segment(), true).entrySet()) {
            long from = e.getKey() == committed.segment() ? committed.offset() : 0;
            bytes += e.getValue() - from;
            try (RandomAccessFile f = new RandomAccessFile(segmentPath(e.getKey()).toFile(), "r")) {
                f.seek(from);
                int n;
                while ((n = f.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            records++;
                        }
                    }
                }
            }
        }
    }

    /**
     * Appends documents, in order, and forces them to disk before returning. On failure nothing
     * of the batch stays in the spool (as far as the disk lets it be taken back out).
     *
     * @param documents JSON objects, each on one line (no {@code \n} inside)
     * @throws IOException if they cannot be written; the spool is unchanged
     */
    synchronized void append(List<byte[]> documents) throws IOException {
        ensureOpen();
        if (documents.isEmpty()) {
            return;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(documents.size() * 256);
        for (byte[] d : documents) {
            for (byte b : d) {
                if (b == '\n') {
                    throw new IllegalArgumentException("a spooled document must be one line");
                }
            }
            out.write(d, 0, d.length);
            out.write('\n');
        }
        RandomAccessFile f = appendTarget();
        long before = segments.get(appendingSegment);
        try {
            f.seek(before);
            f.write(out.toByteArray());
            f.getFD().sync();
        } catch (IOException e) {
            try {
                f.setLength(before);
            } catch (IOException again) {
                // a torn tail is what the next open() cuts off
            }
            closeAppending();
            throw new IOException("cannot append to the spool " + segmentPath(appendingSegment) + ": " + e, e);
        }
        segments.put(appendingSegment, before + out.size());
        records += documents.size();
        bytes += out.size();
    }

    private RandomAccessFile appendTarget() throws IOException {
        long last = segments.isEmpty() ? committed.segment() - 1 : segments.lastKey();
        boolean full = !segments.isEmpty() && segments.get(last) >= segmentBytes;
        if (segments.isEmpty() || full) {
            closeAppending();
            long next = last + 1;
            RandomAccessFile f = new RandomAccessFile(segmentPath(next).toFile(), "rw");
            segments.put(next, 0L);
            syncDirectory(); // the new name must survive a crash as surely as its contents
            appending = f;
            appendingSegment = next;
            if (full && committed.segment() == last && committed.offset() >= segments.get(last)) {
                moveCommitted(new Position(next, 0)); // the full one was read to its end: let it go
                delete(last);
            }
        } else if (appending == null || appendingSegment != last) {
            closeAppending();
            appending = new RandomAccessFile(segmentPath(last).toFile(), "rw");
            appendingSegment = last;
        }
        return appending;
    }

    /**
     * Reads up to {@code max} documents from where the last commit left off, without taking them
     * out. Corrupt lines on the way are skipped, logged and counted.
     */
    synchronized Batch read(int max) throws IOException {
        ensureOpen();
        List<byte[]> out = new ArrayList<>(Math.min(max, 1024));
        int skipped = 0;
        long read = 0;
        long segment = committed.segment();
        long offset = committed.offset();
        ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        byte[] buf = new byte[READ_CHUNK];
        while (out.size() < max && segments.containsKey(segment)) {
            long size = segments.get(segment);
            if (offset >= size) {
                Long next = segments.higherKey(segment);
                if (next == null) {
                    break;
                }
                segment = next;
                offset = 0;
                continue;
            }
            try (RandomAccessFile f = new RandomAccessFile(segmentPath(segment).toFile(), "r")) {
                f.seek(offset);
                long lineStart = offset;
                long pos = offset;
                line.reset();
                fill:
                while (pos < size) {
                    int n = f.read(buf, 0, (int) Math.min(buf.length, size - pos));
                    if (n <= 0) {
                        break;
                    }
                    int from = 0;
                    for (int i = 0; i < n; i++) {
                        if (buf[i] != '\n') {
                            continue;
                        }
                        line.write(buf, from, i - from);
                        from = i + 1;
                        long end = pos + i + 1;
                        byte[] record = line.toByteArray();
                        line.reset();
                        read += end - lineStart;
                        lineStart = end;
                        offset = end;
                        if (isDocument(record)) {
                            out.add(record);
                        } else {
                            skipped++;
                            reportCorrupt(segment, end - record.length - 1, record);
                        }
                        if (out.size() >= max) {
                            break fill;
                        }
                    }
                    line.write(buf, from, n - from);
                    pos += n;
                }
                if (out.size() < max && offset < size) {
                    // a segment ends inside a line: only a crash leaves that, and only in the last
                    // segment, which open() repairs; anywhere else it is corruption
                    skipped++;
                    read += size - offset;
                    reportCorrupt(segment, offset, line.toByteArray());
                    offset = size;
                }
            }
        }
        if (offset >= segments.getOrDefault(segment, 0L) && segments.higherKey(segment) != null) {
            segment = segments.higherKey(segment);
            offset = 0;
        }
        return new Batch(out, skipped, read, new Position(segment, offset));
    }

    private static boolean isDocument(byte[] record) {
        return record.length >= 2 && record[0] == '{' && record[record.length - 1] == '}';
    }

    private void reportCorrupt(long segment, long offset, byte[] record) {
        corruptLines++;
        String head = new String(record, 0, Math.min(record.length, 60), StandardCharsets.UTF_8)
                .replaceAll("\\p{Cntrl}", "?");
        LOG.error("spool {}: line at byte {} of {} is not a JSON document and is skipped: \"{}\"{}", dir, offset,
                segmentPath(segment).getFileName(), head, record.length > 60 ? "…" : "");
    }

    /**
     * Takes out what {@code batch} read: durably, before returning. Segments read to their end
     * are deleted.
     */
    synchronized void commit(Batch batch) throws IOException {
        ensureOpen();
        if (batch.isEmpty() && batch.end().equals(committed)) {
            return;
        }
        moveCommitted(batch.end());
        records = Math.max(0, records - batch.records().size() - batch.skipped());
        bytes = Math.max(0, bytes - batch.bytes());
        while (!segments.isEmpty() && segments.firstKey() < committed.segment()) {
            long first = segments.firstKey();
            if (first == appendingSegment) {
                closeAppending();
            }
            delete(first);
        }
    }

    private void moveCommitted(Position to) throws IOException {
        Path tmp = dir.resolve(COMMITTED + ".tmp");
        try (RandomAccessFile f = new RandomAccessFile(tmp.toFile(), "rw")) {
            f.setLength(0);
            f.write((to + "\n").getBytes(StandardCharsets.US_ASCII));
            f.getFD().sync();
        }
        Files.move(tmp, dir.resolve(COMMITTED), ATOMIC_MOVE, REPLACE_EXISTING);
        syncDirectory();
        committed = to;
    }

    private void delete(long segment) throws IOException {
        Files.deleteIfExists(segmentPath(segment));
        segments.remove(segment);
    }

    /** Makes a rename or a new file in the directory durable (where the platform can). */
    private void syncDirectory() {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // not every platform can open a directory; the file's own fsync is what matters most
        }
    }

    /** The first document waiting, or {@code null} if none. */
    synchronized byte[] head() throws IOException {
        Batch b = read(1);
        return b.records().isEmpty() ? null : b.records().get(0);
    }

    /** Documents waiting (lines not yet taken out, corrupt ones included until they are read). */
    synchronized long records() {
        return records;
    }

    /** Bytes waiting. */
    synchronized long bytes() {
        return bytes;
    }

    synchronized boolean isEmpty() {
        return records == 0;
    }

    /** Bytes of a torn last line cut off when the spool was opened. */
    synchronized long tornBytes() {
        return tornBytes;
    }

    /** Corrupt lines skipped so far. */
    synchronized long corruptLines() {
        return corruptLines;
    }

    Path dir() {
        return dir;
    }

    /** Where the next document would be read from. */
    synchronized Position committed() {
        return committed;
    }

    private Path segmentPath(long segment) {
        return dir.resolve(String.format("%020d.jsonl", segment));
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("the spool " + dir + " is closed");
        }
    }

    private void closeAppending() {
        if (appending != null) {
            try {
                appending.close();
            } catch (IOException e) {
                LOG.warn("spool {}: closing a segment failed: {}", dir, e.toString());
            }
            appending = null;
        }
    }

    /**
     * What the death of the process does to an open spool, for tests of recovery: the files are
     * let go and the lock released, and nothing more is written, forced or committed.
     */
    synchronized void abandon() {
        close();
    }

    /** Releases the files. Everything appended is on disk already. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeAppending();
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        try {
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("spool {}: closing the lock failed: {}", dir, e.toString());
        }
    }
}
