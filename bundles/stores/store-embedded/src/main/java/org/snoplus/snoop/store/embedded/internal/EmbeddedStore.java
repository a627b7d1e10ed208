package org.snoplus.snoop.store.embedded.internal;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
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
public class EmbeddedStore implements Writer, DocumentStore {

    static final String PID = "snoop.store.embedded";
    static final String NAME = "embedded";
    /** Framework property: the instance's data directory, set by the launcher. */
    static final String DATA_PROPERTY = "snoop.data";
    static final String DIRECTORY = "store";

    static final long DAY_MS = 86_400_000L;
    /** How often old documents are looked for when {@code retention.days} is set. */
    static final long PRUNE_EVERY_MS = 3_600_000L;
    /** MVStore's background writer (compaction of the file) when every batch is committed anyway. */
    static final int BACKGROUND_MS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStore.class);

    /** The configuration without a configuration file. */
    private static final EmbeddedStoreConfig DEFAULTS = Defaults.class.getAnnotation(EmbeddedStoreConfig.class);

    @EmbeddedStoreConfig
    private static final class Defaults {
    }

    private final Clock clock;
    private volatile MvDocumentStore store;
    private final AtomicLong written = new AtomicLong();

    // guarded by this: write and flush come from the writer's thread, activation from DS
    private long retentionMs;
    private long commitMs;
    private int cacheMb;
    private long lastCommit;
    private long nextPrune;

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
     * A store in {@code directory} (created if need be) with the default configuration, outside
     * OSGi: for tests and tools of other modules. {@link #close()} closes it.
     */
    public static EmbeddedStore open(Path directory) throws StoreException {
        EmbeddedStore store = new EmbeddedStore();
        store.activate(DEFAULTS, p -> null, directory);
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
            retentionMs = days * DAY_MS;
            commitMs = ms;
            cacheMb = cache;
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        try {
            store = MvDocumentStore.open(directory, commitMs == 0 ? BACKGROUND_MS : (int) commitMs, cacheMb);
        } catch (StoreException e) {
            LOG.error("{}: {}", PID, e.getMessage());
            throw e;
        }
        lastCommit = clock.millis();
        nextPrune = 0;
        LOG.info("{}: storing documents in {}{}{}", PID, store.file(),
                retentionMs > 0 ? ", kept " + retentionMs / DAY_MS + " days" : "",
                commitMs > 0 ? ", committed every " + commitMs + " ms" : "");
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

    @Override
    public synchronized void write(List<SampleDocument> batch) throws StoreException {
        MvDocumentStore s = open();
        try {
            written.addAndGet(s.write(batch));
            long now = clock.millis();
            if (commitMs == 0 || now - lastCommit >= commitMs) {
                s.commit();
                lastCommit = now;
            }
            if (retentionMs > 0 && now >= nextPrune) {
                prune(s, now);
            }
        } catch (RuntimeException e) {
            throw new StoreException("the embedded store " + s.file() + " failed to write: " + e.getMessage(), e);
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
        return NAME + " " + s.file() + " (" + written.get() + " documents written, " + s.size() + " stored)";
    }

    @Override
    public SampleDocument latest(String name) throws StoreException {
        return open().latest(name);
    }

    @Override
    public void range(String name, long from, long to, Consumer<SampleDocument> sink) throws StoreException {
        open().range(name, from, to, sink);
    }

    @Override
    public long count(String name, long from, long to) throws StoreException {
        return open().count(name, from, to);
    }

    @Override
    public List<String> names() throws StoreException {
        return open().names();
    }

    @Override
    public long version(String name) throws StoreException {
        return open().version(name);
    }

    @Override
    public long[] runSpan(String name, long run) throws StoreException {
        return open().runSpan(name, run);
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
