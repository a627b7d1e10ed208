package org.snoplus.snoop.web.dashboard.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.document.SampleDocument;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * The live stream of documents to the open pages (server-sent events), free of OSGi and of the
 * servlet API (see {@link LiveFeed} and {@link DashboardServlet}).
 *
 * <p>Documents come in on the feed's writer thread ({@link #publish}); each page gets, of each
 * document of a processor it follows, the stamps and the fields it asked for, as one event:
 * <pre>
 * event: doc
 * data: {"name":"rate","time":1764362400000,"run":300000,"events":2000,"window":[1764362398000,1764362400000],
 *        "values":{"data.rate":1001.4}}
 * </pre>
 * A field's JSON is made once per document however many pages follow it. Pages are written by one
 * pump thread, without blocking; a page whose queue is full loses its oldest messages (and is told:
 * {@code event: lost}); one that takes nothing for {@code live.stuck.s} while messages wait is
 * disconnected; every page gets a comment every {@code live.heartbeat.s} when idle, which finds dead
 * connections. At most {@code live.clients} pages at once.
 */
final class LiveHub {

    private static final Logger LOG = LoggerFactory.getLogger(LiveHub.class);
    private static final ObjectWriter JSON = new ObjectMapper().writer();

    private final Map<Long, LiveClient> clients = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong documents = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong disconnectedStuck = new AtomicLong();
    private final ScheduledExecutorService pump;
    private volatile DashboardSettings settings;

    LiveHub(DashboardSettings settings) {
        this.settings = settings;
        this.pump = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snoop-dashboard-live");
            t.setDaemon(true);
            return t;
        });
        pump.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    void configure(DashboardSettings s) {
        this.settings = s;
    }

    /**
     * A new page, or null when {@code live.clients} pages are already open.
     *
     * @param follow the fields it follows, each {@code PROCESSOR.PATH}, or a bare {@code PROCESSOR}
     *        for its stamps only; {@code *} for every processor's stamps
     */
    LiveClient open(List<String> follow, LiveClient.Sink sink) throws TagException {
        DashboardSettings s = settings;
        if (follow.size() > s.liveFields()) {
            throw new TagException(follow.size() + " fields asked for", "follow at most " + s.liveFields());
        }
        Map<String, List<String>> fields = new HashMap<>();
        boolean every = false;
        for (String f : follow) {
            if (f.equals("*")) {
                every = true;
            } else if (f.indexOf('.') < 0) {
                FieldRef.parse(f + ".data");
                fields.computeIfAbsent(f, k -> new ArrayList<>());
            } else {
                FieldRef r = FieldRef.parse(f);
                List<String> paths = fields.computeIfAbsent(r.processor(), k -> new ArrayList<>());
                if (!paths.contains(r.path())) {
                    paths.add(r.path());
                }
            }
        }
        synchronized (clients) {
            if (clients.size() >= s.liveClients()) {
                refused.incrementAndGet();
                return null;
            }
            LiveClient c = new LiveClient(ids.incrementAndGet(), fields, every, sink, s.liveQueue(),
                    s.liveQueueBytes(), System.currentTimeMillis());
            clients.put(c.id, c);
            return c;
        }
    }

    /** The first bytes a page gets: how long to wait before reconnecting, and a greeting. */
    byte[] hello(LiveClient c, long periodMs) {
        return ("retry: 3000\nevent: hello\ndata: {\"client\":" + c.id + ",\"period\":" + periodMs + "}\n\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    void closed(LiveClient c) {
        clients.remove(c.id);
        c.close();
    }

    /** Hands documents to the pages that follow them. Called by one thread (the feed's writer). */
    void publish(List<SampleDocument> batch) {
        if (clients.isEmpty()) {
            documents.addAndGet(batch.size());
            return;
        }
        Set<LiveClient> touched = new LinkedHashSet<>();
        for (SampleDocument doc : batch) {
            documents.incrementAndGet();
            String stamp = null;
            Map<String, String> values = new HashMap<>();
            for (LiveClient c : clients.values()) {
                if (!c.wants(doc.name())) {
                    continue;
                }
                if (stamp == null) {
                    stamp = "{\"name\":" + json(doc.name()) + ",\"time\":" + doc.time() + ",\"run\":" + doc.run()
                            + ",\"events\":" + doc.events() + ",\"window\":[" + doc.windowStart() + ","
                            + doc.windowEnd() + "]";
                }
                StringBuilder m = new StringBuilder("event: doc\ndata: ").append(stamp).append(",\"values\":{");
                List<String> paths = c.fields.getOrDefault(doc.name(), List.of());
                for (int i = 0; i < paths.size(); i++) {
                    String p = paths.get(i);
                    String v = values.computeIfAbsent(p, k -> valueJson(doc, k));
                    if (i > 0) {
                        m.append(',');
                    }
                    m.append(json(p)).append(':').append(v);
                }
                m.append("}}\n\n");
                c.offer(m.toString().getBytes(StandardCharsets.UTF_8));
                touched.add(c);
            }
        }
        if (!touched.isEmpty()) {
            pump.execute(() -> {
                long now = System.currentTimeMillis();
                for (LiveClient c : touched) {
                    c.drain(now);
                    reap(c);
                }
            });
        }
    }

    private static String valueJson(SampleDocument doc, String path) {
        Object v = Fields.resolve(doc, path);
        return v == Fields.ABSENT ? "null" : json(v);
    }

    private static String json(Object v) {
        try {
            return JSON.writeValueAsString(v);
        } catch (JsonProcessingException e) {
            return "null";
        }
    }

    /** The container says a page's connection can take more. */
    void writable(LiveClient c) {
        c.drain(System.currentTimeMillis());
        reap(c);
    }

    private void reap(LiveClient c) {
        if (c.closed()) {
            clients.remove(c.id);
        }
    }

    /** Once a second: heartbeats, stuck pages. */
    private void tick() {
        try {
            DashboardSettings s = settings;
            long now = System.currentTimeMillis();
            for (LiveClient c : clients.values()) {
                if (c.stuck(now, s.stuckS() * 1000L)) {
                    disconnectedStuck.incrementAndGet();
                    LOG.info("dashboard: a page took nothing for {} s while {} messages waited; disconnected "
                            + "(it reconnects when it can)", s.stuckS(), c.queued());
                    c.close();
                } else if (!c.hasWaiting() && c.idleSince(now, s.heartbeatS() * 1000L)) {
                    c.offer(LiveClient.HEARTBEAT);
                    c.drain(now);
                } else if (c.hasWaiting()) {
                    c.drain(now);
                }
                reap(c);
            }
        } catch (RuntimeException e) {
            LOG.warn("dashboard: live stream housekeeping failed: {}", e.toString());
        }
    }

    /** Counters for the status page and the shell. */
    Map<String, Object> stats() {
        long lost = 0;
        long sent = 0;
        for (LiveClient c : clients.values()) {
            lost += c.lost();
            sent += c.sent();
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clients", clients.size());
        m.put("maxClients", settings.liveClients());
        m.put("documents", documents.get());
        m.put("sent", sent);
        m.put("lost", lost);
        m.put("refused", refused.get());
        m.put("stuck", disconnectedStuck.get());
        return m;
    }

    int clientCount() {
        return clients.size();
    }

    void close() {
        pump.shutdownNow();
        for (LiveClient c : clients.values()) {
            c.close();
        }
        clients.clear();
    }

    /** Used by tests: runs the pump's pending work now. */
    void drainAll() {
        long now = System.currentTimeMillis();
        for (LiveClient c : clients.values()) {
            c.drain(now);
        }
    }
}
