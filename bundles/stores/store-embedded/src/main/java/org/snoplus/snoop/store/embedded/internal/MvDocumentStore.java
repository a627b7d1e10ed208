package org.snoplus.snoop.store.embedded.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.IntegerDataType;
import org.h2.mvstore.type.LongDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.stats.Merger;

/**
 * Sample documents in one H2 MVStore file, free of OSGi (the component is {@link EmbeddedStore}).
 *
 * <h2>Why MVStore rather than SQL</h2>
 * Every question a {@link DocumentStore} answers is "the documents of one processor between two
 * times": an ordered map per processor, keyed by sample time, is exactly that index, and MVStore is
 * an ordered, persistent, concurrent map and nothing more — no SQL to parse and plan, no schema to
 * migrate when a processor changes its data, no rows to assemble into documents. Its B-tree pages
 * know how many keys they hold, so {@link #count} is two O(log n) key-index look-ups rather than a
 * scan; readers iterate a snapshot while the writer goes on (copy-on-write pages, no locks); and
 * its append-only file with a commit marker is safe against a killed process: after a
 * {@code kill -9} the file opens at the last commit. It comes in the {@code com.h2database} bundle,
 * which exports {@code org.h2.mvstore} — a few hundred kB of its 2.6 MB are used.
 *
 * <h2>Layout</h2>
 * <ul>
 * <li>{@code documents/NAME}: one map per processor, sample time (long) → the document in the
 * binary form of {@link BinaryCodec} (format 2; documents of format 1, {@link DocumentCodec}'s
 * JSON with scalars beside, written by earlier versions, are still read). The key is the
 * identity: a document written again (same name, same time) replaces the old one.</li>
 * <li>{@code shapes}: number → a {@link Shape}: what many documents share (version, instance;
 * in format 1 also the paths of the scalars kept beside the JSON).</li>
 * <li>{@code keys}: number → a key of documents' data ({@link KeyDictionary}).</li>
 * <li>{@code runs/NAME}: run number → the sample times of the first and the last document of the
 * processor with that run ({@link #runSpan}), kept as documents are written and pruned.</li>
 * <li>{@code settings}: {@code format} → the newest format written to the file.</li>
 * <li>{@code versions}: processor name → a counter bumped by every write and every pruning that
 * touches the processor ({@link #version}), persistent so that it never goes back.</li>
 * </ul>
 *
 * <p>The identity is (name, sample time), as for the framework's {@code _id}
 * ({@code name@instance:time}) when one instance writes the store: two instances writing one
 * store under the same processor names would replace each other's documents.
 *
 * <h2>Space</h2>
 * A commit appends the pages it changed (some 50 kB for a batch of ten documents of ten
 * processors) and never overwrites; MVStore reuses a chunk's space once it holds no live page and
 * is older than its retention time (45 s), and its background writer rewrites sparse chunks. At a
 * commit every second or two the file therefore stays near the size of its documents (measured:
 * 500 000 small documents committed ten at a time, with the retention scaled down to the pace of
 * the test: 132 MiB; without the scaling, when all commits fall within 45 s, 2.4 GiB).
 *
 * <p>One thread writes ({@link #write}, {@link #prune}); any number read.
 */
final class MvDocumentStore implements DocumentStore {

    private static final Logger LOG = LoggerFactory.getLogger(MvDocumentStore.class);

    /** The file in the store's directory. */
    static final String FILE = "documents.mv.db";

    private static final String DOCUMENTS = "documents/";
    private static final String RUNS = "runs/";
    private static final String VERSIONS = "versions";
    private static final String SHAPES = "shapes";
    private static final String KEYS = "keys";
    private static final String SETTINGS = "settings";
    private static final String FORMAT = "format";

    /** Beyond this many shapes, new documents keep no scalars beside their JSON. */
    static final int MAX_SHAPES = 10_000;

    /** Documents removed by one call of {@link #prune}, so that a large backlog is removed in steps. */
    static final int PRUNE_STEP = 100_000;

    /** Documents read by one call of {@link #consolidate}, so that a large backlog is merged in steps. */
    static final int CONSOLIDATE_STEP = 10_000;

    /** The settings key of a processor's consolidation mark: its documents before it are consolidated. */
    private static final String CONSOLIDATED = "consolidated/";

    private final Path file;
    private final MVStore store;
    private final MVMap<String, Long> versions;
    private final MVMap<String, String> settings;
    private final Map<String, MVMap<Long, byte[]>> maps = new ConcurrentHashMap<>();
    /**
     * Per processor, the changes other than an addition after the newest ({@link #edits}), counted
     * from a number of this opening: another opening (of this file or another) never gives a
     * number a reader saw before.
     */
    private final Map<String, Long> edits = new ConcurrentHashMap<>();
    private final long opening = System.nanoTime() << 20;
    private final Map<String, MVMap<Long, byte[]>> runs = new ConcurrentHashMap<>();
    private final MVMap<Integer, byte[]> shapeMap;
    private final Map<Integer, Shape> shapes = new ConcurrentHashMap<>();
    /** Guarded by this (the writer). */
    private final Map<Shape.Key, Shape> shapesByKey = new HashMap<>();
    /** Reads format 1. */
    private final DocumentCodec codec;
    /** Writes and reads format 2. */
    private final BinaryCodec binary;

    private MvDocumentStore(Path file, MVStore store) throws StoreException {
        this.file = file;
        this.store = store;
        this.settings = store.openMap(SETTINGS,
                new MVMap.Builder<String, String>().keyType(StringDataType.INSTANCE).valueType(StringDataType.INSTANCE));
        String format = settings.get(FORMAT);
        if (format != null && !format.equals(String.valueOf(DocumentCodec.FORMAT))
                && !format.equals(String.valueOf(BinaryCodec.FORMAT))) {
            throw new StoreException("the embedded store " + file + " is of format " + format + ", this snoop reads "
                    + DocumentCodec.FORMAT + " and " + BinaryCodec.FORMAT + " only: it was written by a newer snoop");
        }
        // documents of format 1 stay readable; new ones are of format 2, which an older snoop cannot read
        settings.put(FORMAT, String.valueOf(BinaryCodec.FORMAT));
        this.versions = store.openMap(VERSIONS,
                new MVMap.Builder<String, Long>().keyType(StringDataType.INSTANCE).valueType(LongDataType.INSTANCE));
        this.shapeMap = store.openMap(SHAPES, new MVMap.Builder<Integer, byte[]>().keyType(IntegerDataType.INSTANCE)
                .valueType(ByteArrayDataType.INSTANCE));
        for (Map.Entry<Integer, byte[]> e : shapeMap.entrySet()) {
            Shape shape = Shape.fromBytes(e.getKey(), e.getValue());
            shapes.put(shape.id, shape);
            shapesByKey.put(shape.key(), shape);
        }
        DocumentCodec.Shapes byNumber = new DocumentCodec.Shapes() {
            @Override
            public Shape shape(int id) {
                Shape shape = shapes.get(id);
                if (shape == null) {
                    throw new IllegalArgumentException("no shape " + id);
                }
                return shape;
            }

            @Override
            public Shape shapeFor(Shape.Key key) {
                return MvDocumentStore.this.shapeFor(key);
            }
        };
        this.codec = new DocumentCodec(byNumber);
        this.binary = new BinaryCodec(byNumber, new KeyDictionary(store.openMap(KEYS,
                new MVMap.Builder<Integer, String>().keyType(IntegerDataType.INSTANCE)
                        .valueType(StringDataType.INSTANCE))));
        for (String mapName : store.getMapNames()) {
            if (mapName.startsWith(DOCUMENTS)) {
                String name = mapName.substring(DOCUMENTS.length());
                maps.put(name, openDocuments(name));
            }
        }
    }

    /**
     * Opens (or creates) the store in {@code directory}.
     *
     * @param backgroundMs period of MVStore's background writer, which commits what is not yet
     *        committed and compacts the file
     * @param cacheMb MVStore's cache of pages, in MiB
     * @throws StoreException naming the file if it cannot be opened (locked by another process,
     *         not a store, not writable)
     */
    static MvDocumentStore open(Path directory, int backgroundMs, int cacheMb) throws StoreException {
        return open(directory, backgroundMs, cacheMb, Compression.HIGH, "");
    }

    /** How the file's pages are compressed. */
    enum Compression {
        HIGH, FAST, NONE;

        static Compression parse(String value) {
            String v = value == null ? "" : value.trim().toUpperCase(java.util.Locale.ROOT);
            for (Compression c : values()) {
                if (c.name().equals(v)) {
                    return c;
                }
            }
            throw new IllegalArgumentException("bad configuration: compress must be high, fast or none, not '" + value
                    + "'");
        }
    }

    /**
     * Opens (or creates) the store in {@code directory}, its file named with {@code scheme} in front
     * (an H2 file system: a test's disk that fills up).
     */
    static MvDocumentStore open(Path directory, int backgroundMs, int cacheMb, Compression compression, String scheme)
            throws StoreException {
        Path file = directory.resolve(FILE);
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StoreException("cannot create the store's directory " + directory + ": " + e, e);
        }
        try {
            MVStore.Builder builder = new MVStore.Builder()
                    .fileName(scheme + file)
                    .cacheSize(cacheMb)
                    // a write that fails closes the store: the writer reopens it and reports (once)
                    .backgroundExceptionHandler((thread, e) -> LOG.debug("embedded store {}: {}", file, e.toString()));
            if (compression == Compression.HIGH) {
                builder.compressHigh();
            } else if (compression == Compression.FAST) {
                builder.compress();
            }
            MVStore store = builder.open();
            try {
                store.setAutoCommitDelay(backgroundMs);
                return new MvDocumentStore(file, store);
            } catch (StoreException | RuntimeException e) {
                store.closeImmediately();
                throw e;
            }
        } catch (RuntimeException e) {
            throw new StoreException("cannot open the embedded store " + file + ": " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    /**
     * Stores a batch: each document under its processor's name and sample time, replacing one
     * written before with the same name and time. Documents that cannot be written as JSON are
     * skipped and logged. Does not commit.
     *
     * @return the number of documents stored
     */
    synchronized int write(List<SampleDocument> batch) {
        Set<String> touched = new HashSet<>();
        Set<String> edited = new HashSet<>();
        int stored = 0;
        for (SampleDocument doc : batch) {
            byte[] value;
            try {
                value = binary.encode(doc);
            } catch (IllegalArgumentException e) {
                // failing the batch would only have it offered again, and fail again, for ever
                LOG.error("embedded store: {}; skipped", e.getMessage());
                continue;
            }
            MVMap<Long, byte[]> map = documents(doc.name());
            Long newest = map.lastKey();
            if (newest != null && doc.time() <= newest) {
                edited.add(doc.name()); // not an addition after the newest
            }
            map.put(doc.time(), value);
            MVMap<Long, byte[]> spans = runs(doc.name());
            long[] span = span(spans.get(doc.run()));
            if (span == null || doc.time() < span[0] || doc.time() > span[1]) {
                spans.put(doc.run(), span(span == null ? doc.time() : Math.min(span[0], doc.time()),
                        span == null ? doc.time() : Math.max(span[1], doc.time())));
            }
            touched.add(doc.name());
            stored++;
        }
        // after the documents: a reader that sees the new version sees the documents too
        edited.forEach(this::bumpEdits);
        touched.forEach(this::bumpVersion);
        return stored;
    }

    /** Makes what was stored part of the file: after a crash, the file opens with it. */
    void commit() {
        store.commit();
    }

    boolean hasUncommitted() {
        return store.hasUnsavedChanges();
    }

    /**
     * Removes the documents older than {@code before} (sample time), at most {@link #PRUNE_STEP}
     * of them, and commits.
     *
     * @return how many were removed; {@link #PRUNE_STEP} means there may be more
     */
    synchronized int prune(long before) {
        int removed = 0;
        for (Map.Entry<String, MVMap<Long, byte[]>> e : maps.entrySet()) {
            MVMap<Long, byte[]> map = e.getValue();
            List<Long> old = new ArrayList<>();
            for (Cursor<Long, byte[]> c = map.cursor(null); c.hasNext() && removed + old.size() < PRUNE_STEP;) {
                long time = c.next();
                if (time >= before) {
                    break;
                }
                old.add(time);
            }
            if (!old.isEmpty()) {
                old.forEach(map::remove);
                bumpEdits(e.getKey());
                bumpVersion(e.getKey());
                removed += old.size();
                // runs whose documents are all gone
                MVMap<Long, byte[]> spans = runs(e.getKey());
                long newestRemoved = old.get(old.size() - 1);
                List<Long> gone = new ArrayList<>();
                spans.forEach((run, span) -> {
                    if (span(span)[1] <= newestRemoved) {
                        gone.add(run);
                    }
                });
                gone.forEach(spans::remove);
            }
        }
        if (removed > 0) {
            store.commit();
        }
        return removed;
    }

    /**
     * Consolidates the documents older than {@code before}: those of each processor within each
     * {@code periodMs} (aligned on multiples of it) are merged into one ({@link Merger}, lenient:
     * consolidation keeps something of every value), stored at the sample time of the last of them,
     * with their window, the sum of their events, and the rest (version, instance, seq, run) of the
     * last. Reads at most {@link #CONSOLIDATE_STEP} documents and commits.
     *
     * @return the documents read; {@link #CONSOLIDATE_STEP} or more means there may be more
     */
    synchronized int consolidate(long before, long periodMs) {
        long limit = Math.floorDiv(before, periodMs) * periodMs; // whole periods only
        int read = 0;
        for (Map.Entry<String, MVMap<Long, byte[]>> e : maps.entrySet()) {
            if (read >= CONSOLIDATE_STEP) {
                break;
            }
            String name = e.getKey();
            MVMap<Long, byte[]> map = e.getValue();
            String mark = settings.get(CONSOLIDATED + name);
            long from = mark == null ? Long.MIN_VALUE : Long.parseLong(mark);
            List<SampleDocument> bucket = new ArrayList<>();
            long bucketOf = Long.MIN_VALUE;
            boolean changed = false;
            long done = from;
            for (Cursor<Long, byte[]> c = map.cursor(from); c.hasNext();) {
                long time = c.next();
                if (time >= limit) {
                    break;
                }
                long b = Math.floorDiv(time, periodMs);
                if (b != bucketOf) {
                    changed |= merge(name, map, bucket);
                    done = b * periodMs;
                    if (read >= CONSOLIDATE_STEP) {
                        bucket.clear();
                        break;
                    }
                    bucketOf = b;
                }
                try {
                    bucket.add(decode(name, time, c.getValue()));
                } catch (StoreException unreadable) {
                    // left as it is: one bad document must not hold the rest back
                    LOG.warn("embedded store: {}; not consolidated", unreadable.getMessage());
                }
                read++;
            }
            if (!bucket.isEmpty()) {
                changed |= merge(name, map, bucket);
                done = Math.max(done, (bucketOf + 1) * periodMs);
                done = Math.min(done, limit);
            }
            if (done != from) {
                settings.put(CONSOLIDATED + name, String.valueOf(done));
            }
            if (changed) {
                bumpEdits(name);
                bumpVersion(name);
            }
        }
        if (read > 0) {
            store.commit();
        }
        return read;
    }

    /** Merges the documents of one period into one, if there are several; empties {@code bucket}. */
    private boolean merge(String name, MVMap<Long, byte[]> map, List<SampleDocument> bucket) {
        if (bucket.size() < 2) {
            bucket.clear();
            return false;
        }
        SampleDocument first = bucket.get(0);
        SampleDocument last = bucket.get(bucket.size() - 1);
        Merger data = new Merger("data", false);
        long events = 0;
        for (SampleDocument d : bucket) {
            data.add(d.data(), d.windowEnd() - d.windowStart(), d.time());
            events += d.events();
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> merged = (Map<String, Object>) data.result();
        SampleDocument consolidated = new SampleDocument(last.id(), name, last.time(), first.windowStart(),
                last.windowEnd(), last.sequence(), last.version(), last.instance(), last.run(), events,
                merged == null ? Map.of() : merged);
        map.put(last.time(), binary.encode(consolidated));
        for (int i = 0; i < bucket.size() - 1; i++) {
            map.remove(bucket.get(i).time());
        }
        bucket.clear();
        return true;
    }

    /** Commits and closes the file. */
    void close() {
        store.close();
    }

    /** Closes the file without committing, as a killed process would leave it. For tests. */
    void abandon() {
        store.closeImmediately();
    }

    boolean isClosed() {
        return store.isClosed();
    }

    /** Documents in the store, of all processors. */
    long size() {
        long n = 0;
        for (MVMap<Long, byte[]> map : maps.values()) {
            n += map.sizeAsLong();
        }
        return n;
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        MVMap<Long, byte[]> map = existing(name);
        if (map == null) {
            return null;
        }
        try {
            while (true) {
                Long time = map.lastKey();
                if (time == null) {
                    return null;
                }
                byte[] value = map.get(time);
                if (value != null) { // else removed meanwhile by pruning: look again
                    return decode(name, time, value);
                }
            }
        } catch (RuntimeException e) {
            throw failed("latest of " + name, e);
        }
    }

    @Override
    public void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException {
        MVMap<Long, byte[]> map = existing(name);
        if (map == null || from >= to) {
            return;
        }
        Cursor<Long, byte[]> c;
        try {
            // a snapshot: the writer goes on meanwhile
            c = map.cursor(from);
        } catch (RuntimeException e) {
            throw failed("range of " + name, e);
        }
        while (true) {
            long time;
            byte[] value;
            try {
                if (!c.hasNext()) {
                    return;
                }
                time = c.next();
                value = c.getValue();
            } catch (RuntimeException e) {
                throw failed("range of " + name, e);
            }
            if (time >= to) {
                return;
            }
            sink.accept(decode(name, time, value));
        }
    }

    @Override
    public long count(String name, long from, long to) throws StoreException {
        MVMap<Long, byte[]> map = existing(name);
        if (map == null || from >= to) {
            return 0;
        }
        try {
            return Math.max(0, position(map, to) - position(map, from));
        } catch (RuntimeException e) {
            throw failed("count of " + name, e);
        }
    }

    /** The number of keys below {@code time}. */
    private static long position(MVMap<Long, byte[]> map, long time) {
        long index = map.getKeyIndex(time);
        return index >= 0 ? index : -index - 1;
    }

    @Override
    public List<String> names() throws StoreException {
        checkOpen();
        List<String> names = new ArrayList<>();
        maps.forEach((name, map) -> {
            if (!map.isEmpty()) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    @Override
    public long version(String name) throws StoreException {
        try {
            Long v = versions.get(name);
            return v == null ? 0 : v;
        } catch (RuntimeException e) {
            throw failed("version of " + name, e);
        }
    }

    @Override
    public long[] runSpan(String name, long run) throws StoreException {
        checkOpen();
        if (!maps.containsKey(name)) {
            return null;
        }
        try {
            return span(runs(name).get(run));
        } catch (RuntimeException e) {
            throw failed("runs of " + name, e);
        }
    }

    /** Called by the codec while writing: the shape of a document to be written, new if need be. */
    private Shape shapeFor(Shape.Key key) {
        Shape shape = shapesByKey.get(key);
        if (shape != null) {
            return shape;
        }
        if (shapesByKey.size() >= MAX_SHAPES && !key.leaves().isEmpty()) {
            // data whose keys change from sample to sample: keep JSON only, rather than a shape each
            return shapeFor(new Shape.Key(key.version(), key.instance(), List.of()));
        }
        shape = new Shape(shapesByKey.size() + 1, key.version(), key.instance(), key.leaves());
        shapeMap.put(shape.id, shape.toBytes());
        shapes.put(shape.id, shape);
        shapesByKey.put(key, shape);
        return shape;
    }

    private void bumpEdits(String name) {
        edits.merge(name, 1L, Long::sum);
    }

    @Override
    public long edits(String name) {
        return opening + edits.getOrDefault(name, 0L);
    }

    private void bumpVersion(String name) {
        versions.merge(name, 1L, Long::sum);
    }

    private MVMap<Long, byte[]> documents(String name) {
        return maps.computeIfAbsent(name, this::openDocuments);
    }

    private MVMap<Long, byte[]> runs(String name) {
        return runs.computeIfAbsent(name, n -> store.openMap(RUNS + n,
                new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE)));
    }

    /** A run's first and last sample times, as stored: two longs. */
    private static byte[] span(long first, long last) {
        return java.nio.ByteBuffer.allocate(16).putLong(first).putLong(last).array();
    }

    private static long[] span(byte[] stored) {
        if (stored == null) {
            return null;
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(stored);
        return new long[] {b.getLong(), b.getLong()};
    }

    private MVMap<Long, byte[]> openDocuments(String name) {
        return store.openMap(DOCUMENTS + name,
                new MVMap.Builder<Long, byte[]>().keyType(LongDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
    }

    private MVMap<Long, byte[]> existing(String name) throws StoreException {
        checkOpen();
        return maps.get(name);
    }

    private void checkOpen() throws StoreException {
        if (store.isClosed()) {
            throw new StoreException("the embedded store " + file + " is closed");
        }
    }

    private SampleDocument decode(String name, long time, byte[] value) throws StoreException {
        try {
            return value.length > 0 && value[0] == BinaryCodec.FORMAT ? binary.decode(name, time, value)
                    : codec.decode(name, time, value);
        } catch (RuntimeException e) {
            throw new StoreException("the embedded store " + file + " holds a document of " + name + " at " + time
                    + " that cannot be read: " + e.getMessage(), e);
        }
    }

    private StoreException failed(String what, RuntimeException e) {
        if (store.isClosed()) {
            return new StoreException("the embedded store " + file + " is closed", e);
        }
        return new StoreException("the embedded store " + file + " failed to read the " + what + ": " + e.getMessage(),
                e);
    }
}
