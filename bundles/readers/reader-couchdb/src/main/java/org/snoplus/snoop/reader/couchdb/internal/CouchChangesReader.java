package org.snoplus.snoop.reader.couchdb.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.support.ReaderConfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Follows a CouchDB database's {@code _changes} feed (the old snoop's {@code add_db}): each new or
 * changed document whose type is selected is published as a record, a {@code Map} of its fields
 * in their order; deleted documents, design documents and other types are skipped and counted.
 *
 * <p>Where it starts: from the checkpoint's sequence when the instance restarts (the position names
 * the server and the database; another one's is ignored), else from {@code since} ({@code now}:
 * the database's current sequence). Sequences are the server's opaque values, sent back as they
 * came.
 *
 * <p>A server that goes away (restarted, unreachable, answering errors) is asked again from the
 * same sequence after 250 ms, doubling up to {@code reconnect.max.ms}: nothing is read twice and
 * nothing is skipped. A batch is published only when its whole answer has been read. What a
 * restart of snoop repeats: the changes published after the last checkpoint (at most
 * {@code checkpoint.period.ms} of them) are published again; none is lost while the server keeps
 * them (CouchDB keeps every document's last revision; a document changed twice meanwhile is seen
 * once, as CouchDB's feed does).
 */
@Component(name = CouchChangesReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = CouchChangesReaderConfig.class, factory = true)
public class CouchChangesReader implements Reader {

    static final String PID = "snoop.reader.couchdb";
    static final long FIRST_RETRY_MS = 250;

    private static final Logger LOG = LoggerFactory.getLogger(CouchChangesReader.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private volatile CouchChangesSettings settings;
    private volatile boolean deactivated;
    private volatile String name = PID;

    // where the feed stands (reader thread writes, describe() reads): survives a retry of read()
    private volatile JsonNode since;
    private volatile long pending = -1;
    private volatile long changes;
    private volatile long skipped;
    private volatile long lastChange;
    private volatile String down;
    private volatile long downSince;
    private volatile double rate;

    public CouchChangesReader() {
    }

    CouchChangesReader(CouchChangesSettings settings) {
        this.settings = settings;
    }

    @Activate
    void activate(CouchChangesReaderConfig config, Map<String, Object> properties) {
        settings = ReaderConfig.activate(properties, () -> CouchChangesSettings.from(config), LOG);
        Object pid = properties.get("service.pid");
        name = pid == null ? PID : pid.toString();
        LOG.info("{}: following {}{}", name, settings.where(),
                settings.types().isEmpty() ? "" : ", documents of type " + String.join(", ", settings.types()));
    }

    @Deactivate
    void deactivate() {
        deactivated = true;
    }

    private boolean going(EventSink sink) {
        return sink.isOpen() && !deactivated && !Thread.currentThread().isInterrupted();
    }

    @Override
    public void read(EventSink sink) throws Exception {
        CouchChangesSettings s = settings;
        ChangesFeed feed = new ChangesFeed(s);
        if (since == null) {
            since = resumed(sink.resumeFrom(), s);
        }
        long backoff = FIRST_RETRY_MS;
        int limit = s.limit();
        long windowStart = System.nanoTime();
        long windowChanges = 0;
        try {
            while (going(sink)) {
                try {
                    if (since == null) {
                        since = "now".equals(s.since()) ? feed.currentSequence(() -> going(sink)) : configured(s);
                        LOG.info("{}: following {} from sequence {}", name, s.where(), ChangesFeed.text(since));
                    }
                    ChangesFeed.Batch b = feed.next(since, limit, () -> going(sink));
                    for (String m : b.malformed()) {
                        sink.malformed(s.where(), m);
                    }
                    List<Map<String, Object>> docs = b.documents();
                    if (!docs.isEmpty()) {
                        sink.publish(docs.toArray(), 0, docs.size(), position(s, b.lastSeq()));
                        lastChange = System.nanoTime();
                    }
                    since = b.lastSeq();
                    changes += docs.size();
                    windowChanges += docs.size();
                    skipped += b.skipped();
                    pending = b.pending();
                    if (down != null) {
                        LOG.info("{}: {} answers again after {} s; following from sequence {}", name, s.where(),
                                (System.nanoTime() - downSince) / 1_000_000_000L, ChangesFeed.text(since));
                        down = null;
                    }
                    backoff = FIRST_RETRY_MS;
                    limit = Math.min(s.limit(), limit * 2);
                } catch (ChangesFeed.TooLarge e) {
                    if (limit > 1) {
                        limit = Math.max(1, limit / 2);
                        LOG.warn("{}: {}; asking for {} changes at a time", name, e.getMessage(), limit);
                    } else {
                        stepOver(feed, sink, s);
                    }
                } catch (IOException e) {
                    if (!going(sink)) {
                        return;
                    }
                    if (down == null) {
                        downSince = System.nanoTime();
                        LOG.warn("{}: {}; asking again from sequence {} every {} s at most", name, e.getMessage(),
                                since == null ? s.since() : ChangesFeed.text(since), s.reconnectMaxMs() / 1000.0);
                    }
                    down = e.getMessage();
                    Thread.sleep(backoff);
                    backoff = Math.min(backoff * 2, s.reconnectMaxMs());
                }
                long now = System.nanoTime();
                if (now - windowStart >= 1_000_000_000L) {
                    rate = windowChanges * 1e9 / (now - windowStart);
                    windowStart = now;
                    windowChanges = 0;
                }
            }
        } catch (InterruptedException e) {
            // stopped while waiting for the server
        }
    }

    /** A single change whose answer exceeds max.response.mb even alone: counted malformed, stepped over. */
    private void stepOver(ChangesFeed feed, EventSink sink, CouchChangesSettings s)
            throws IOException, InterruptedException {
        ChangesFeed.Batch b = feed.next(since, 1, false, () -> going(sink));
        sink.malformed(s.where(), "the change after sequence " + ChangesFeed.text(since) + " has a document above "
                + "max.response.mb = " + (s.maxResponseBytes() >> 20) + " MB; skipped");
        since = b.lastSeq();
    }

    /** The position after a batch: the server, the database and the sequence, as the server gave it. */
    private static Map<String, Object> position(CouchChangesSettings s, JsonNode seq) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("url", s.url());
        p.put("database", s.database());
        p.put("seq", JSON.convertValue(seq, Object.class));
        return p;
    }

    /** The checkpoint's sequence if it is this database's; otherwise null (start from {@code since}). */
    private JsonNode resumed(Object position, CouchChangesSettings s) {
        if (position == null) {
            return null;
        }
        if (position instanceof Map<?, ?> m && s.url().equals(m.get("url")) && s.database().equals(m.get("database"))
                && m.get("seq") != null) {
            JsonNode seq = JSON.valueToTree(m.get("seq"));
            LOG.info("{}: resuming {} from the checkpoint's sequence {}", name, s.where(), ChangesFeed.text(seq));
            return seq;
        }
        LOG.info("{}: the checkpoint's position {} is not of {}; starting from since = {}", name, position, s.where(),
                s.since());
        return null;
    }

    private static JsonNode configured(CouchChangesSettings s) {
        String v = s.since();
        return v.matches("[0-9]{1,18}") ? LongNode.valueOf(Long.parseLong(v)) : TextNode.valueOf(v);
    }

    @Override
    public String describe() {
        CouchChangesSettings s = settings;
        if (s == null) {
            return "couchdb (not configured)";
        }
        StringBuilder b = new StringBuilder("couchdb ").append(s.where());
        String d = down;
        if (d != null) {
            b.append(String.format(Locale.ROOT, " DOWN for %.0f s: %s", (System.nanoTime() - downSince) / 1e9, d));
        }
        JsonNode at = since;
        String seq = at == null ? "not started" : ChangesFeed.text(at);
        if (seq.length() > 24) {
            seq = seq.substring(0, 20) + "…"; // CouchDB 3's sequences are long; their start tells enough
        }
        b.append("; seq ").append(seq);
        long p = pending;
        if (p >= 0) {
            b.append(", ").append(p).append(" pending");
        }
        b.append(String.format(Locale.ROOT, "; %.1f docs/s, %d docs", rate, changes));
        long last = lastChange;
        if (last != 0) {
            b.append(String.format(Locale.ROOT, ", last %.1f s ago", (System.nanoTime() - last) / 1e9));
        }
        long k = skipped;
        if (k > 0) {
            b.append(", ").append(k).append(" skipped (other types, deleted, design)");
        }
        return b.toString();
    }

    /** For tests: the sequence the feed stands at. */
    JsonNode since() {
        return since;
    }

    boolean isDown() {
        return down != null;
    }
}
