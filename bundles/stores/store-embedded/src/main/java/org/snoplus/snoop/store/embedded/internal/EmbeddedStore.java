package org.snoplus.snoop.store.embedded.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.store.support.ForwardingDocumentStore;
import org.snoplus.snoop.writer.Writer;

/**
 * The default store: documents come in as a {@link Writer} and are read back as a
 * {@link DocumentStore} ({@code snoop.store.name=embedded}), both from one H2 MVStore file
 * ({@link MvDocumentStore} says why MVStore, and how the file is laid out). It needs no
 * configuration: without one it keeps every document in {@code ${snoop.data}/store/}.
 *
 * <p>There is no {@code @Modified}: a new configuration closes the file and opens the new one.
 */
@Component(name = EmbeddedStore.PID, service = {Writer.class, DocumentStore.class}, immediate = true,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        property = {DocumentStore.NAME + "=" + EmbeddedStore.NAME, Writer.NAME + "=" + EmbeddedStore.NAME})
@Designate(ocd = EmbeddedStoreConfig.class)
public class EmbeddedStore implements Writer, ForwardingDocumentStore {

    static final String PID = "snoop.store.embedded";
    static final String NAME = "embedded";
    /** Framework property: the instance's data directory, set by the launcher. */
    static final String DATA_PROPERTY = "snoop.data";
    static final String DIRECTORY = "store";

    static final long DAY_MS = 86_400_000L;
    /** How often old documents are looked for when {@code retention.days} or {@code full.days} is set. */
    static final long PRUNE_EVERY_MS = 3_600_000L;
    /** MVStore's background writer (compaction of the file) when every batch is committed anyway. */
    static final int BACKGROUND_MS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    /** The configuration without a configuration file. */
    private static final EmbeddedStoreConfig DEFAULTS = Defaults.class.getAnnotation(EmbeddedStoreConfig.class);

    @EmbeddedStoreConfig
    private static final class Defaults {
    }

    /** The defaults, but every document kept as written. */
    private static final EmbeddedStoreConfig KEEP_EVERYTHING = (EmbeddedStoreConfig) java.lang.reflect.Proxy
            .newProxyInstance(EmbeddedStoreConfig.class.getClassLoader(), new Class<?>[] {EmbeddedStoreConfig.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "retention_days", "full_days" -> 0L;
                        default -> method.invoke(DEFAULTS, args);
                    });

    private final Clock clock;
    private volatile MvDocumentStore store;
    private final AtomicLong written = new AtomicLong();

    // guarded by this: write and flush come from the writer's thread, activation from DS
    private long retentionMs;
    private long fullMs;
    private long consolidateMs;
    private MvDocumentStore.Compression compression;
    private long commitMs;
    private int cacheMb;
    private Path directory;
    private long lastCommit;
    private long nextPrune;
    private long nextConsolidation;
    /** The file system of the file: "" for the platform's; a test's that fills up. */
    String scheme = "";
    /** Why writing fails, and since when; null while it works. */
    private volatile String failure;
    private volatile long failingSince;

    public EmbeddedStore() {
        this(Clock.systemUTC());
    }

    EmbeddedStore(Clock clock) {
        this.clock = clock;
    }

    @Activate
    void activate(EmbeddedStoreConfig config, BundleContext context) throws StoreException {
        activate(config, context::getProperty);
    }

    /**
     * A store in {@code directory} (created if need be) with the default configuration but that it
     * keeps every document as written (no consolidation, no retention), outside OSGi: for tests and
     * tools of other modules, whose documents may be of any time. {@link #close()} closes it.
     */
    public static EmbeddedStore open(Path directory) throws StoreException {
        EmbeddedStore store = new EmbeddedStore();
        store.activate(KEEP_EVERYTHING, p -> null, directory);
        return store;
    }

    /** Activation with the framework's properties given by {@code frameworkProperty}. */
    void activate(EmbeddedStoreConfig config, Function<String, String> frameworkProperty) throws StoreException {
        activate(config, frameworkProperty, null);
    }

    private synchronized void activate(EmbeddedStoreConfig config, Function<String, String> frameworkProperty,
            Path given) throws StoreException {
        Path directory;
        try {
            directory = given != null ? given.toAbsolutePath().normalize()
                    : directory(value("path", config::path), frameworkProperty.apply(DATA_PROPERTY));
            long days = value("retention.days", config::retention_days);
            check(days >= 0 && days <= Long.MAX_VALUE / DAY_MS,
                    "retention.days must be >= 0 (0 = keep documents for ever), not " + days);
            long ms = value("commit.ms", config::commit_ms);
            check(ms >= 0 && ms <= Integer.MAX_VALUE, "commit.ms must be >= 0 (0 = commit every batch), not " + ms);
            int cache = value("cache.mb", config::cache_mb);
            check(cache >= 1 && cache <= 1 << 20, "cache.mb must be between 1 and 1048576, not " + cache);
            long full = value("full.days", config::full_days);
            check(full >= 0 && full <= Long.MAX_VALUE / DAY_MS, "full.days must be >= 0 (0 = never consolidate), not "
                    + full);
            check(full == 0 || days == 0 || full < days, "full.days (" + full + ") must be below retention.days ("
                    + days + "): documents would be removed before they are consolidated");
            long period = value("consolidate.s", config::consolidate_s);
            check(period >= 1 && period <= 86_400, "consolidate.s must be between 1 and 86400, not " + period);
            MvDocumentStore.Compression c = MvDocumentStore.Compression.parse(value("compress", config::compress));
            retentionMs = days * DAY_MS;
            fullMs = full * DAY_MS;
            consolidateMs = period * 1000;
            compression = c;
            commitMs = ms;
            cacheMb = cache;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        this.directory = directory;
        try {
            store = openFile();
        } catch (StoreException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        lastCommit = clock.millis();
        nextPrune = 0;
        nextConsolidation = 0;
        LOG.info("{}: storing documents in {}{}{}{}", PID, store.file(),
                fullMs > 0 ? ", consolidated to one per " + consolidateMs / 1000 + " s after " + fullMs / DAY_MS
                        + " days" : "",
                retentionMs > 0 ? ", kept " + retentionMs / DAY_MS + " days" : "",
                commitMs > 0 ? ", committed every " + commitMs + " ms" : "");
    }

    private MvDocumentStore openFile() throws StoreException {
        return MvDocumentStore.open(directory, commitMs == 0 ? BACKGROUND_MS : (int) commitMs, cacheMb, compression,
                scheme);
    }

    private static Path directory(String path, String data) {
        if (path == null || path.isBlank()) {
            if (data == null) {
                LOG.warn("{}: neither path nor the framework property {} is set: storing in ./data/{}", PID,
                        DATA_PROPERTY, DIRECTORY);
                data = "data";
            }
            return Path.of(data, DIRECTORY).toAbsolutePath().normalize();
        }
        try {
            return Path.of(path.trim()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("bad configuration: path is not a valid path: " + e.getMessage(), e);
        }
    }

    /** Commits and closes the file; the store answers no more. */
    public void close() {
        deactivate();
    }

    @Deactivate
    synchronized void deactivate() {
        MvDocumentStore s = store;
        if (s == null) {
            return;
        }
        store = null;
        try {
            if (!s.isClosed()) {
                s.close();
            }
        } catch (RuntimeException e) {
            LOG.error("{}: closing {} failed: {}; it opens at its last commit", PID, s.file(), e.toString());
        }
    }

    /**
     * Stores a batch and commits it (every {@code commit.ms}). A write that fails — a full disk —
     * leaves the file as its last commit made it: MVStore closes itself, this store opens the file
     * again at once (so that it is read on), and the batch fails, to be offered again by the core
     * until there is room; the failure is logged when it starts and shown by {@code snoop:status}.
     */
    @Override
    public synchronized void write(List<SampleDocument> batch) throws StoreException {
        MvDocumentStore s = open();
        if (s.isClosed()) {
            s = reopen(s);
        }
        try {
            written.addAndGet(s.write(batch));
            long now = clock.millis();
            if (commitMs == 0 || now - lastCommit >= commitMs) {
                s.commit();
                lastCommit = now;
            }
            if (fullMs > 0 && now >= nextConsolidation) {
                consolidate(s, now);
            }
            if (retentionMs > 0 && now >= nextPrune) {
                prune(s, now);
            }
        } catch (RuntimeException e) {
            throw failed(s, e);
        }
        if (failure != null) {
            LOG.info("{}: writing works again after {} s of failures; the documents held meanwhile follow", PID,
                    (clock.millis() - failingSince) / 1000);
            failure = null;
        }
    }

    /** The failure of a write, reported; the file opened again if MVStore closed it. */
    private StoreException failed(MvDocumentStore s, RuntimeException e) {
        String why = e.getMessage();
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            why = c.getMessage() != null ? c.getMessage() : c.toString();
        }
        StoreException failure = new StoreException("the embedded store " + s.file() + " failed to write: " + why, e);
        if (this.failure == null) {
            failingSince = clock.millis();
            LOG.error("{}: {}; the batch is kept and offered again until writing works; the file is as its last "
                    + "commit left it", PID, failure.getMessage());
        }
        this.failure = why;
        if (s.isClosed()) {
            try {
                reopen(s);
            } catch (StoreException again) {
                LOG.debug("{}: {}", PID, again.getMessage());
            }
        }
        return failure;
    }

    /** Opens the file again after MVStore closed it on a failed write: it opens at its last commit. */
    private MvDocumentStore reopen(MvDocumentStore closed) throws StoreException {
        try {
            closed.abandon();
        } catch (RuntimeException e) {
            // closed already
        }
        MvDocumentStore s = openFile();
        store = s;
        return s;
    }

    private void consolidate(MvDocumentStore s, long now) {
        int read = s.consolidate(now - fullMs, consolidateMs);
        // a large backlog goes in steps, one per batch written
        nextConsolidation = read >= MvDocumentStore.CONSOLIDATE_STEP ? now : now + PRUNE_EVERY_MS;
        if (read > 0) {
            LOG.info("{}: consolidated {} documents older than {} days", PID, read, fullMs / DAY_MS);
        }
    }

    private void prune(MvDocumentStore s, long now) {
        long before = now - retentionMs;
        int removed = s.prune(before);
        // a large backlog goes in steps, one per batch written
        nextPrune = removed == MvDocumentStore.PRUNE_STEP ? now : now + PRUNE_EVERY_MS;
        if (removed > 0) {
            LOG.info("{}: removed {} documents older than {} days", PID, removed, retentionMs / DAY_MS);
        }
    }

    @Override
    public synchronized void flush() throws StoreException {
        MvDocumentStore s = open();
        try {
            if (s.hasUncommitted()) {
                s.commit();
                lastCommit = clock.millis();
            }
        } catch (RuntimeException e) {
            throw new StoreException("the embedded store " + s.file() + " failed to commit: " + e.getMessage(), e);
        }
    }

    @Override
    public String describe() {
        MvDocumentStore s = store;
        if (s == null) {
            return NAME + " (closed)";
        }
        String f = failure;
        return NAME + " " + s.file() + " (" + written.get() + " documents written, "
                + (s.isClosed() ? "closed" : s.size() + " stored")
                + (f != null ? "; failing since " + java.time.Instant.ofEpochMilli(failingSince) + ": " + f : "") + ")";
    }

    @Override
    public DocumentStore documentStore() throws StoreException {
        return open();
    }

    /** The store, for tests. */
    MvDocumentStore store() {
        return store;
    }

    private MvDocumentStore open() throws StoreException {
        MvDocumentStore s = store;
        if (s == null) {
            throw new StoreException("the embedded store is not active");
        }
        return s;
    }

    private static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static void check(boolean ok, String reason) {
        if (!ok) {
            throw new IllegalArgumentException("bad configuration: " + reason);
        }
    }
}
