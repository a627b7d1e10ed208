package org.snoplus.snoop.store.couchdb.internal;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.InvalidPathException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.regex.Pattern;

import org.lightcouch.Response;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.json.DocumentJson;
import org.snoplus.snoop.query.DocumentStore;
import org.snoplus.snoop.query.StoreException;
import org.snoplus.snoop.store.support.ForwardingDocumentStore;
import org.snoplus.snoop.store.support.Passwords;
import org.snoplus.snoop.writer.Writer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The production store: every document goes to a CouchDB database with {@code _bulk_docs}
 * ({@link CouchDatabase}), {@code batch} documents a request.
 *
 * <h2>When the database cannot take them</h2>
 * A request that fails (server down, refusing our credentials, slower than {@code timeout.ms}, the
 * database gone) does not fail {@link #write}: the documents go to a {@link Spool} on disk, forced
 * there before {@code write} returns, and a thread of the writer's own probes the server with
 * back-off (0.5 s doubling to 30 s). When it answers, the database and its design document are
 * made again if they are missing and the spool is written out, oldest first. While anything is
 * spooled, new documents are appended behind it rather than written directly, so the database
 * receives them in sample order. A document written twice (a request that timed out but was
 * carried out, a spool read again after a crash) is recognised by its id: nothing is doubled.
 * The spool survives the process: the next writer on the same {@code spool.dir} replays it.
 *
 * <h2>Disk budget</h2>
 * Beyond {@code spool.max.mb} the writer keeps spooling, because a lost document is worse than a
 * full disk alarm: it logs an ERROR naming the budget, the directory and the outage at most once
 * a minute and {@link #describe} says {@code OVER BUDGET}. When the disk itself is full the spool
 * cannot append, {@code write} throws, and the core retries the batch with back-off, dropping and
 * counting the newest documents once the writer's queue is full.
 *
 * <h2>Rejected documents</h2>
 * A document the server refuses for what it is (a {@code validate_doc_update} saying
 * {@code forbidden}, a {@code bad_request} or {@code too_large} that persists in a request of its
 * own) cannot be stored by retrying: it is logged with its id and the server's reason, counted in
 * {@link #describe}, and passed over, so that it does not hold up every document behind it.
 *
 * <h2>Reading back</h2>
 * The same component is the {@link DocumentStore} of that database (service property
 * {@value DocumentStore#NAME} {@code = couchdb}, which the configuration may set to another
 * name): one configuration file gives the writer and the store. {@link CouchDbStore} says how it
 * reads. A write returns once CouchDB has the documents, and the views answer once their index
 * has them: a read after a {@code write} sees it, unless it was spooled.
 *
 * <p>There is no {@code @Modified}: new settings are served by a new instance, which finds the
 * spool of the old one.
 */
@Component(name = CouchDbWriter.PID, service = {Writer.class, DocumentStore.class},
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = DocumentStore.NAME + "=" + CouchDbWriter.STORE_NAME)
@Designate(ocd = CouchDbWriterConfig.class, factory = true)
public class CouchDbWriter implements Writer, ForwardingDocumentStore {

    static final String PID = "snoop.writer.couchdb";
    static final String STORE_NAME = "couchdb";
    static final String DATA_PROPERTY = "snoop.data";

    private static final Logger LOG = LoggerFactory.getLogger(CouchDbWriter.class);

    /**
     * LightCouch logs every request and answer at INFO, and HttpClient every retried request,
     * through commons-logging, which goes to java.util.logging here: lines on standard error for
     * every request. Their warnings and errors are kept; ours say what happened. Held here because
     * java.util.logging forgets the level of a logger that nobody holds.
     */
    private static final List<java.util.logging.Logger> QUIETER = List.of(
            java.util.logging.Logger.getLogger("org.lightcouch"), java.util.logging.Logger.getLogger("org.apache.http"));

    static {
        QUIETER.forEach(l -> l.setLevel(Level.WARNING));
    }

    private static final long MB = 1L << 20;
    private static final long SEGMENT_BYTES = 16 * MB;
    private static final long ALARM_EVERY_MS = 60_000;
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_$()+-]*");
    private static final DateTimeFormatter SINCE = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    enum State {
        /** Not reached yet since the writer started. */
        CONNECTING,
        /** Reached, writing out the spool: new documents queue behind it. */
        REPLAYING,
        /** Reached and nothing spooled: documents are written directly. */
        CONNECTED,
        /** The last request failed: documents are spooled; the server is probed with back-off. */
        UNREACHABLE
    }

    private final Clock clock;
    /** The process's environment, for password.env; another in tests. */
    UnaryOperator<String> environment = System::getenv;
    private final long minBackoffMs;
    private final long maxBackoffMs;

    private String name;
    private String target; // url/database, for people: no credentials
    private String password = "";
    private int batch;
    private long budgetBytes;
    private volatile CouchDatabase database;
    private volatile CouchDbStore store;
    private Spool spool;
    private Thread replayer;

    private final Object lock = new Object();
    // guarded by lock
    private State state = State.CONNECTING;
    private boolean running;
    private long downSinceMs;
    private String downReason;
    private long lastAlarmMs = Long.MIN_VALUE / 2;
    private Spool.Position headPosition;
    private long headTime;

    private final AtomicLong written = new AtomicLong();
    private final AtomicLong present = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    public CouchDbWriter() {
        this(Clock.systemDefaultZone(), 500, 30_000);
    }

    CouchDbWriter(Clock clock, long minBackoffMs, long maxBackoffMs) {
        this.clock = clock;
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
    }

    @Activate
    void activate(CouchDbWriterConfig config, Map<String, Object> properties, BundleContext context) {
        start(config, properties, context == null ? null : context.getProperty(DATA_PROPERTY));
    }

    /** What activation does, with the framework property {@code snoop.data} given rather than looked up. */
    void start(CouchDbWriterConfig config, Map<String, Object> properties, String dataDir) {
        name = nameOf(properties);
        Path spoolDir;
        URI server;
        String databaseName;
        String username;
        int timeoutMs;
        int readTimeoutMs;
        try {
            check(!properties.containsKey("password"), "password", "is not taken from the configuration (Config "
                    + "Admin hands configuration to every bundle, scr:info prints it): put it in a file named by "
                    + "password.file (mode 0600) or an environment variable named by password.env");
            password = Passwords.read(value("password.file", config::password_file),
                    value("password.env", config::password_env), environment);
            server = server(value("url", config::url));
            databaseName = value("database", config::database);
            databaseName = databaseName == null ? "" : databaseName.trim();
            check(DATABASE_NAME.matcher(databaseName).matches() && databaseName.length() <= 238, "database",
                    "must start with a lowercase letter and hold only lowercase letters, digits and _$()+-, not '"
                            + mask(databaseName) + "'");
            username = value("username", config::username);
            username = username == null ? "" : username.trim();
            check(!username.contains(":"), "username", "must not contain ':'");
            check(!username.isEmpty() || password.isEmpty(), "password.file", "(or password.env) is set but "
                    + "username is not");
            spoolDir = spoolDir(value("spool.dir", config::spool_dir), dataDir);
            long maxMb = value("spool.max.mb", config::spool_max_mb);
            check(maxMb >= 1 && maxMb <= Long.MAX_VALUE / MB, "spool.max.mb", "must be >= 1, not " + maxMb);
            budgetBytes = maxMb * MB;
            batch = value("batch", config::batch);
            check(batch >= 1 && batch <= 100_000, "batch", "must be between 1 and 100000, not " + batch);
            timeoutMs = value("timeout.ms", config::timeout_ms);
            check(timeoutMs >= 1, "timeout.ms", "must be >= 1, not " + timeoutMs);
            readTimeoutMs = value("read.timeout.ms", config::read_timeout_ms);
            check(readTimeoutMs >= 1, "read.timeout.ms", "must be >= 1, not " + readTimeoutMs);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: {}", properties.get("service.pid"), e.getMessage());
            throw e;
        }
        database = new CouchDatabase(server, databaseName, username, password, timeoutMs, readTimeoutMs);
        target = database.toString();
        try {
            spool = Spool.open(spoolDir, SEGMENT_BYTES);
        } catch (IOException e) {
            database.close();
            String why = e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException
                    ? "a file is in the way of the directory"
                    : e instanceof AccessDeniedException ? "permission denied on " + e.getMessage() : e.getMessage();
            String m = "bad configuration: spool.dir " + spoolDir + " cannot be used: " + why;
            LOG.error("{}: {}", properties.get("service.pid"), m);
            throw new IllegalArgumentException(m, e);
        }
        if ("https".equalsIgnoreCase(server.getScheme())) {
            LOG.warn("couchdb writer {}: LightCouch 0.2.0 accepts any certificate over https: the server is not "
                    + "authenticated", name);
        }
        LOG.info("couchdb writer {}: writing to {}{}, spooling to {}", name, target,
                username.isEmpty() ? "" : " as " + username, spoolDir);
        synchronized (lock) {
            running = true;
        }
        store = new CouchDbStore(database);
        replayer = new Thread(this::replay, "snoop-couchdb-" + name);
        replayer.setDaemon(true);
        replayer.start();
    }

    @Deactivate
    void deactivate() {
        store = null;
        stop();
        if (spool != null) {
            long left = spool.records();
            if (left > 0) {
                LOG.info("couchdb writer {}: {} documents stay spooled in {}; they are written when the writer "
                        + "starts again", name, left, spool.dir());
            }
            spool.close();
        }
    }

    /** Stops the replaying thread and lets the server connection go; the spool stays open. */
    private void stop() {
        Thread t;
        synchronized (lock) {
            running = false;
            lock.notifyAll();
            t = replayer;
        }
        if (database != null) {
            database.close(); // aborts a request the thread may be waiting on
        }
        if (t != null) {
            try {
                t.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * What a {@code kill -9} leaves, for tests: the thread is gone and the files are let go, and
     * nothing more is written, forced or committed than was already.
     */
    void abandon() {
        stop();
        spool.abandon();
    }

    @Override
    public void write(List<SampleDocument> documents) throws IOException {
        List<byte[]> docs = new ArrayList<>(documents.size());
        for (SampleDocument d : documents) {
            try {
                docs.add(DocumentJson.toJsonBytes(d));
            } catch (IllegalArgumentException e) {
                // failing the batch would only have it offered again, and fail again, for ever
                LOG.error("couchdb writer {}: {}; skipped", name, e.getMessage());
            }
        }
        boolean direct;
        synchronized (lock) {
            if (!running) {
                throw new IOException("couchdb writer " + name + " is stopped");
            }
            direct = state == State.CONNECTED && spool.isEmpty();
        }
        int done = 0;
        if (direct) {
            try {
                while (done < docs.size()) {
                    List<byte[]> chunk = docs.subList(done, Math.min(docs.size(), done + batch));
                    store(chunk);
                    done += chunk.size();
                }
                return;
            } catch (CouchDatabase.Unavailable e) {
                down(e.getMessage());
            }
        }
        if (done < docs.size()) {
            synchronized (lock) {
                spool.append(docs.subList(done, docs.size()));
                checkBudget();
                lock.notifyAll();
            }
        }
    }

    /**
     * Writes one request's worth. A request the server refuses for its content is split until
     * the document it is about is alone, and that one is rejected.
     */
    private void store(List<byte[]> docs) throws CouchDatabase.Unavailable {
        CouchDatabase.Outcome outcome;
        try {
            outcome = database.bulk(docs);
        } catch (CouchDatabase.Refused e) {
            if (docs.size() == 1) {
                reject(idOf(docs.get(0)), e.getMessage());
                return;
            }
            int half = docs.size() / 2;
            store(docs.subList(0, half));
            store(docs.subList(half, docs.size()));
            return;
        }
        written.addAndGet(outcome.written());
        present.addAndGet(outcome.present());
        for (Response r : outcome.rejected()) {
            reject(r.getId(), r.getError() + ": " + r.getReason());
        }
    }

    private void reject(String id, String reason) {
        long n = rejected.incrementAndGet();
        LOG.error("couchdb writer {}: {} refused document {}: {}; passed over ({} so far)", name, target, id,
                mask(reason), n);
    }

    private static String idOf(byte[] doc) {
        try {
            JsonNode id = JSON.readTree(doc).get("_id");
            return id == null ? "(no _id)" : id.asText();
        } catch (IOException | RuntimeException e) {
            return "(not JSON)";
        }
    }

    /** The replaying thread: connects, writes the spool out, and waits for work. */
    private void replay() {
        long backoff = minBackoffMs;
        boolean connected = false;
        while (true) {
            synchronized (lock) {
                while (running && state == State.CONNECTED && spool.isEmpty()) {
                    try {
                        lock.wait();
                    } catch (InterruptedException e) {
                        // only stop() ends this thread
                    }
                }
                if (!running) {
                    return;
                }
                if (state == State.UNREACHABLE) {
                    connected = false; // after an outage the server may have come back empty
                }
            }
            try {
                if (!connected) {
                    database.connect();
                    connected = true;
                    reachable();
                }
                drain();
                backoff = minBackoffMs;
            } catch (CouchDatabase.Unavailable e) {
                connected = false;
                down(e.getMessage());
                pause(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMs);
            } catch (IOException | RuntimeException e) {
                LOG.error("couchdb writer {}: cannot read the spool {}: {}; trying again in {} s", name, spool.dir(),
                        e.toString(), backoff / 1000.0);
                pause(backoff);
                backoff = Math.min(backoff * 2, maxBackoffMs);
            }
        }
    }

    /** Writes the spool out, oldest first, until it is empty; then documents go directly again. */
    private void drain() throws CouchDatabase.Unavailable, IOException {
        long started = clock.millis();
        long replayed = 0;
        while (true) {
            Spool.Batch b;
            synchronized (lock) {
                if (!running) {
                    return;
                }
                b = spool.read(batch);
                if (b.isEmpty()) {
                    state = State.CONNECTED;
                    if (replayed > 0) {
                        LOG.info("couchdb writer {}: {} spooled documents written to {} in {} s; writing directly "
                                + "again", name, replayed, target, (clock.millis() - started) / 1000);
                    }
                    return;
                }
            }
            store(b.records());
            spool.commit(b);
            replayed += b.records().size();
        }
    }

    private void reachable() {
        synchronized (lock) {
            if (state == State.UNREACHABLE) {
                LOG.info("couchdb writer {}: {} is reachable again after {} s; {} documents spooled", name, target,
                        (clock.millis() - downSinceMs) / 1000, spool.records());
            } else {
                LOG.info("couchdb writer {}: connected to {}{}", name, target,
                        spool.isEmpty() ? "" : "; " + spool.records() + " documents spooled from before");
            }
            state = State.REPLAYING;
        }
    }

    private void down(String reason) {
        String r = mask(reason);
        synchronized (lock) {
            if (state != State.UNREACHABLE) {
                downSinceMs = clock.millis();
                LOG.warn("couchdb writer {}: {} unreachable: {}; spooling documents to {} until it is back", name,
                        target, r, spool.dir());
            } else if (!r.equals(downReason)) {
                LOG.warn("couchdb writer {}: {} still unreachable: {}", name, target, r);
            }
            state = State.UNREACHABLE;
            downReason = r;
            lock.notifyAll();
        }
    }

    private void pause(long ms) {
        long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        synchronized (lock) {
            long left;
            while (running && (left = until - System.nanoTime()) > 0) {
                try {
                    TimeUnit.NANOSECONDS.timedWait(lock, left);
                } catch (InterruptedException e) {
                    // only stop() ends the pause early
                }
            }
        }
    }

    /** Called with the lock held, after an append. */
    private void checkBudget() {
        long now = clock.millis();
        if (spool.bytes() > budgetBytes && now - lastAlarmMs >= ALARM_EVERY_MS) {
            lastAlarmMs = now;
            LOG.error("couchdb writer {}: ALARM: the spool {} holds {} MB, over its budget spool.max.mb = {}; still "
                    + "spooling (no document is dropped) while {} is {}; free disk space or bring the database back",
                    name, spool.dir(), String.format(Locale.ROOT, "%.1f", spool.bytes() / (double) MB),
                    budgetBytes / MB, target, state == State.UNREACHABLE ? "unreachable: " + downReason
                            : state.name().toLowerCase(Locale.ROOT));
        }
    }

    /**
     * {@code couchdb http://127.0.0.1:5984/snoop (connected; spool 0 documents)}, or
     * {@code couchdb … (unreachable since 12:03:44: Connection refused; spool 1532 documents, 4.1 MB,
     * oldest 35 s)}. MB are 2<sup>20</sup> bytes, as in {@code spool.max.mb}; the age is that of
     * the oldest spooled sample.
     */
    @Override
    public String describe() {
        StringBuilder s = new StringBuilder("couchdb ").append(target).append(" (");
        synchronized (lock) {
            switch (state) {
                case CONNECTING -> s.append("connecting");
                case REPLAYING -> s.append("connected, replaying the spool");
                case CONNECTED -> s.append("connected");
                case UNREACHABLE -> s.append("unreachable since ")
                        .append(SINCE.format(Instant.ofEpochMilli(downSinceMs).atZone(zone()))).append(": ")
                        .append(downReason);
                default -> throw new AssertionError(state);
            }
            long n = spool.records();
            s.append("; spool ").append(n).append(n == 1 ? " document" : " documents");
            if (n > 0) {
                s.append(String.format(Locale.ROOT, ", %.1f MB", spool.bytes() / (double) MB));
                long oldest = oldestSampleTime();
                if (oldest > 0) {
                    s.append(", oldest ").append(age(clock.millis() - oldest));
                }
            }
            if (spool.bytes() > budgetBytes) {
                s.append("; OVER BUDGET spool.max.mb = ").append(budgetBytes / MB);
            }
        }
        long r = rejected.get();
        if (r > 0) {
            s.append("; ").append(r).append(" rejected");
        }
        return s.append(')').toString();
    }

    private ZoneId zone() {
        return clock.getZone();
    }

    /** The sample time of the first spooled document, read again only when the head moved. */
    private long oldestSampleTime() {
        Spool.Position at = spool.committed();
        if (!at.equals(headPosition)) {
            headPosition = at;
            headTime = 0;
            try {
                byte[] head = spool.head();
                JsonNode time = head == null ? null : JSON.readTree(head).get("time");
                headTime = time != null && time.canConvertToLong() ? time.asLong() : 0;
            } catch (IOException | RuntimeException e) {
                LOG.debug("couchdb writer {}: cannot read the first spooled document: {}", name, e.toString());
            }
        }
        return headTime;
    }

    // ------------------------------------------------------------------ DocumentStore

    @Override
    public DocumentStore documentStore() throws StoreException {
        return store();
    }

    private CouchDbStore store() throws StoreException {
        CouchDbStore s = store;
        if (s == null) {
            throw new StoreException("couchdb " + (target == null ? "store" : target) + " is not active");
        }
        return s;
    }

    private static String age(long ms) {
        long s = Math.max(0, ms) / 1000;
        if (s < 120) {
            return s + " s";
        }
        if (s < 7200) {
            return s / 60 + " min";
        }
        return s / 3600 + " h";
    }

    /** Any text that might hold the password, for the log or the shell. */
    private String mask(String text) {
        if (text == null || password == null || password.isEmpty()) {
            return text;
        }
        return text.replace(password, "****");
    }

    State state() {
        synchronized (lock) {
            return state;
        }
    }

    long written() {
        return written.get();
    }

    long alreadyPresent() {
        return present.get();
    }

    Spool spool() {
        return spool;
    }

    CouchDatabase database() {
        return database;
    }

    // ------------------------------------------------------------------ configuration

    private static String nameOf(Map<String, Object> properties) {
        Object n = properties.get(Writer.NAME);
        if (n != null && !n.toString().isBlank()) {
            return n.toString().trim();
        }
        Object pid = properties.get("service.pid");
        if (pid instanceof String p && p.startsWith(PID + "~")) {
            return p.substring(PID.length() + 1); // conf/snoop.writer.couchdb-main.cfg: "main"
        }
        return "couchdb";
    }

    private URI server(String url) {
        check(url != null && !url.isBlank(), "url", "is required: the CouchDB server, as http://HOST:PORT");
        URI u;
        try {
            u = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw bad("url", "is not a URL: " + mask(e.getMessage()));
        }
        check(u.getRawUserInfo() == null && !url.contains("@"), "url",
                "must not hold credentials: put them in username and password.file");
        check("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()), "url",
                "must start with http:// or https://, not '" + mask(url.trim()) + "'");
        check(u.getHost() != null && !u.getHost().isEmpty(), "url", "has no host: '" + mask(url.trim()) + "'");
        check(u.getRawQuery() == null && u.getRawFragment() == null, "url",
                "must not have a query or a fragment: '" + mask(url.trim()) + "'");
        check(u.getPort() == -1 || u.getPort() > 0 && u.getPort() < 65536, "url", "has a bad port");
        return u;
    }

    private Path spoolDir(String dir, String dataDir) {
        String d = dir == null ? "" : dir.trim();
        if (d.isEmpty()) {
            check(dataDir != null && !dataDir.isBlank(), "spool.dir",
                    "is required: there is no framework property snoop.data to put the spool under");
            try {
                return Path.of(dataDir, "spool", name).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                throw bad("spool.dir", "cannot be made under snoop.data: " + e.getMessage());
            }
        }
        try {
            return Path.of(d).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw bad("spool.dir", "is not a valid path: " + e.getMessage());
        }
    }

    private static <T> T value(String key, Supplier<T> getter) {
        try {
            return getter.get();
        } catch (RuntimeException e) {
            // not the value: it may be the password
            throw new IllegalArgumentException("bad configuration: " + key + " cannot be read as "
                    + (e instanceof ClassCastException || e instanceof NumberFormatException ? "the right type"
                            : "a value"), e);
        }
    }

    private static void check(boolean ok, String key, String reason) {
        if (!ok) {
            throw bad(key, reason);
        }
    }

    private static IllegalArgumentException bad(String key, String reason) {
        return new IllegalArgumentException("bad configuration: " + key + " " + reason);
    }
}
