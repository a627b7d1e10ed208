package org.snoplus.snoop.core.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;

/**
 * Every document, on disk before it goes to the writers, so that what a writer had not made
 * durable when the instance died is given to it again at the next start (ids are deterministic:
 * a document written twice is stored once). Segment files {@code DIR/journal-<first seq>.jsonl} of
 * lines {@code <seq> <document JSON>}, appended and forced to disk (fdatasync) before the document
 * is handed on, one document at a time (a few per second per processor: no batching is needed).
 *
 * <p>Bounded: a segment holds up to {@value #SEGMENT_BYTES} bytes; segments are deleted once every
 * writer has confirmed them ({@link #truncate}); beyond {@code journal.max.mb} the oldest segment
 * goes whatever the writers (those that had not confirmed it lose its documents, counted as
 * dropped). A journal that cannot be written (a full disk) is reported and bypassed: documents
 * still reach the writers' queues, only without the guarantee. Thread-safe.
 */
final class DocumentJournal implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DocumentJournal.class);
    static final long SEGMENT_BYTES = 8 << 20;
    private static final String PREFIX = "journal-";
    private static final String SUFFIX = ".jsonl";

    /** One journaled document. */
    record Journaled(long seq, SampleDocument document) {
    }

    private record Segment(Path file, long first) {
    }

    private final Path dir;
    private final long maxBytes;

    // --- guarded by this
    private final TreeMap<Long, Segment> segments = new TreeMap<>();
    private FileChannel current;
    private long currentBytes;
    private long totalBytes;
    private long next = 1;
    private long failedLoggedAt;

    DocumentJournal(Path dir, long maxBytes) throws IOException {
        this.dir = dir;
        this.maxBytes = maxBytes;
        Files.createDirectories(dir);
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().startsWith(PREFIX)
                    && p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
        }
        for (Path f : files) {
            long first = Long.parseLong(f.getFileName().toString().substring(PREFIX.length(),
                    f.getFileName().toString().length() - SUFFIX.length()));
            segments.put(first, new Segment(f, first));
            totalBytes += Files.size(f);
        }
        if (!segments.isEmpty()) {
            Segment last = segments.lastEntry().getValue();
            next = Math.max(last.first(), lastSeq(last.file()) + 1);
        }
        if (!segments.isEmpty()) {
            LOG.info("journal {}: {} segments, {} MB, documents {} to {}", dir, segments.size(), totalBytes >> 20,
                    segments.firstKey(), next - 1);
        }
    }

    /**
     * The last complete line's sequence; a line cut by a crash is removed so that appending goes
     * on from a line boundary.
     */
    private static long lastSeq(Path f) throws IOException {
        long last = -1;
        long good = 0;
        long offset = 0;
        try (BufferedReader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                long len = line.getBytes(StandardCharsets.UTF_8).length + 1L;
                int sp = line.indexOf(' ');
                try {
                    long seq = Long.parseLong(line.substring(0, Math.max(0, sp)));
                    DocumentJson.fromJson(line.substring(sp + 1));
                    last = seq;
                    good = offset + len;
                } catch (RuntimeException e) {
                    break; // the torn end of a write cut by a crash
                }
                offset += len;
            }
        }
        if (good < Files.size(f)) {
            try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
            LOG.warn("journal {}: removed an incomplete last line (a crash while it was written)", f.getFileName());
        }
        return last;
    }

    /**
     * Appends a document and forces it to disk; returns its sequence, or -1 if the journal cannot
     * be written (then the document goes on unjournaled).
     */
    synchronized long append(SampleDocument doc) {
        long seq = next;
        byte[] json;
        try {
            json = DocumentJson.toJsonBytes(doc);
        } catch (IllegalArgumentException e) {
            return -1; // a writer will report it; it cannot be replayed either
        }
        byte[] head = (seq + " ").getBytes(StandardCharsets.US_ASCII);
        try {
            if (current == null || currentBytes >= SEGMENT_BYTES) {
                roll(seq);
            }
            ByteBuffer b = ByteBuffer.allocate(head.length + json.length + 1).put(head).put(json).put((byte) '\n');
            b.flip();
            int n = b.remaining();
            while (b.hasRemaining()) {
                current.write(b);
            }
            current.force(false);
            currentBytes += n;
            totalBytes += n;
            next = seq + 1;
        } catch (IOException e) {
            long now = System.currentTimeMillis();
            if (now - failedLoggedAt > 60_000) {
                failedLoggedAt = now;
                LOG.error("journal {} cannot be written ({}): documents go to the writers without it, and what they "
                        + "have not written is lost if the instance dies", dir, e.toString());
            }
            closeCurrent();
            return -1;
        }
        bound();
        return seq;
    }

    private void roll(long first) throws IOException {
        closeCurrent();
        Path f = dir.resolve(String.format("%s%019d%s", PREFIX, first, SUFFIX));
        current = FileChannel.open(f, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        currentBytes = current.size();
        segments.putIfAbsent(first, new Segment(f, first));
        CheckpointStore.forceDirectory(dir);
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException e) {
                // nothing more to lose: every append was forced
            }
            current = null;
        }
    }

    /** Deletes the oldest segments beyond the bound (never the one being appended to). */
    private void bound() {
        while (totalBytes > maxBytes && segments.size() > 1) {
            Segment oldest = segments.firstEntry().getValue();
            long upTo = segments.higherKey(oldest.first()) - 1;
            delete(oldest);
            LOG.error("journal {} is full ({} MB, journal.max.mb): documents {} to {} given up for the writers that "
                    + "had not confirmed them", dir, maxBytes >> 20, oldest.first(), upTo);
        }
    }

    /** Deletes the segments whose documents every writer has confirmed (all up to {@code confirmed}). */
    synchronized void truncate(long confirmed) {
        while (segments.size() > 1) {
            Segment oldest = segments.firstEntry().getValue();
            long last = segments.higherKey(oldest.first()) - 1;
            if (last > confirmed) {
                return;
            }
            delete(oldest);
        }
    }

    private void delete(Segment s) {
        try {
            long size = Files.size(s.file());
            Files.deleteIfExists(s.file());
            totalBytes -= size;
        } catch (IOException e) {
            LOG.warn("journal: cannot delete {}: {}", s.file(), e.toString());
        }
        segments.remove(s.first());
    }

    /** The sequence the next document will get. */
    synchronized long next() {
        return next;
    }

    /** The lowest sequence still held (documents below it were confirmed by all, or given up). */
    synchronized long first() {
        return segments.isEmpty() ? next : segments.firstKey();
    }

    synchronized long bytes() {
        return totalBytes;
    }

    /**
     * The documents after {@code after} and before {@code upTo}, read from disk as they are
     * needed. Segments deleted meanwhile (the bound) end the replay early; the caller counts what
     * is missing.
     */
    Iterator<Journaled> replay(long after, long upTo) {
        List<Path> files = new ArrayList<>();
        synchronized (this) {
            Long from = segments.floorKey(after + 1);
            for (Segment s : (from == null ? segments : segments.tailMap(from, true)).values()) {
                files.add(s.file());
            }
        }
        return new Iterator<>() {
            private final Iterator<Path> f = files.iterator();
            private BufferedReader r;
            private Journaled nextOne;
            private boolean done;

            @Override
            public boolean hasNext() {
                while (nextOne == null && !done) {
                    try {
                        String line = r == null ? null : r.readLine();
                        if (line == null) {
                            if (r != null) {
                                r.close();
                                r = null;
                            }
                            if (!f.hasNext()) {
                                done = true;
                                break;
                            }
                            r = Files.newBufferedReader(f.next(), StandardCharsets.UTF_8);
                            continue;
                        }
                        int sp = line.indexOf(' ');
                        long seq = Long.parseLong(line.substring(0, sp));
                        if (seq >= upTo) {
                            done = true;
                        } else if (seq > after) {
                            nextOne = new Journaled(seq, DocumentJson.fromJson(line.substring(sp + 1)));
                        }
                    } catch (NoSuchFileException e) {
                        done = true; // deleted by the bound meanwhile
                    } catch (IOException e) {
                        throw new UncheckedIOException("journal " + dir + " cannot be read: " + e, e);
                    } catch (RuntimeException e) {
                        done = true; // a torn line at the very end
                    }
                }
                return nextOne != null;
            }

            @Override
            public Journaled next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Journaled j = nextOne;
                nextOne = null;
                return j;
            }
        };
    }

    @Override
    public synchronized void close() {
        closeCurrent();
    }
}
