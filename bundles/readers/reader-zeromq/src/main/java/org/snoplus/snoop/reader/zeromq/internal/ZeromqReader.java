package org.snoplus.snoop.reader.zeromq.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

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
import org.snoplus.snoop.reader.support.RunBatch;
import org.snoplus.snoop.reader.support.StreamStats;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.snoplus.snoop.sno.zdab.ZdabFormatException;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * A ZeroMQ SUB socket connected to every configured publisher. Each message (the last part of a
 * multi-part message; earlier parts are a topic) is one record in the dispatcher's layout,
 * decoded by {@link ZdabCodec#decodeRecord}: PMT events and the run, trigger and pedestal headers
 * are published in the order they arrive; records of other kinds are counted as skipped; a
 * record that does not decode is reported malformed and skipped.
 *
 * <p>Connections are ZeroMQ's: each publisher is connected to on its own and reconnected to after
 * {@code reconnect.ms}, doubling up to {@code reconnect.max.ms}; a publisher that sends a message
 * larger than {@code max.message.kb} is disconnected by ZeroMQ (and reconnected); one that stops
 * answering ZMTP heartbeats is disconnected. A connection counts as up once its ZMTP handshake has
 * ended, not when TCP connects: JeroMQ leaves a few in a hundred fresh connections without a
 * handshake (its I/O poller can miss the new channel), so one still without it after
 * {@code handshake.ms} is closed and made again. ZeroMQ's socket monitor tells this reader what
 * happens to each connection, for {@code snoop:status}.
 *
 * <p>What a restart loses: PUB/SUB keeps no history. The messages sent while the instance is down
 * are lost, and so are those a publisher drops while this reader's queue ({@code hwm} messages per
 * publisher) is full. Events are not published twice.
 */
@Component(name = ZeromqReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ZeromqReaderConfig.class, factory = true)
public class ZeromqReader implements Reader {

    static final String PID = "snoop.reader.zeromq";

    /** Longest wait for a message: how soon a stopping reader or a partly filled batch is noticed. */
    static final long POLL_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(ZeromqReader.class);
    private static final AtomicLong MONITORS = new AtomicLong();

    private volatile ZeromqReaderSettings settings;
    private volatile boolean deactivated;
    private volatile String name = PID;
    private final StreamStats stats = new StreamStats();
    private volatile boolean closed;
    /** Each publisher's connection as ZeroMQ's monitor last told it. */
    private final Map<String, Link> links = new ConcurrentHashMap<>();

    public ZeromqReader() {
    }

    ZeromqReader(ZeromqReaderSettings settings) {
        this.settings = settings;
    }

    @Activate
    void activate(ZeromqReaderConfig config, Map<String, Object> properties) {
        settings = ReaderConfig.activate(properties, () -> ZeromqReaderSettings.from(config), LOG);
        Object pid = properties.get("service.pid");
        name = pid == null ? PID : pid.toString();
        LOG.info("{}: subscribing to {}", name, String.join(", ", settings.endpoints()));
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
        ZeromqReaderSettings s = settings;
        if (sink.resumeFrom() != null) {
            LOG.info("{}: a ZeroMQ stream cannot be rewound; the checkpoint's position {} is ignored", name,
                    sink.resumeFrom());
        }
        // one I/O thread: a few MB/s of records need no more
        ZContext context = new ZContext(1);
        try {
            ZMQ.Socket sub = context.createSocket(SocketType.SUB);
            sub.setLinger(0);
            sub.setRcvHWM(s.hwm());
            sub.setMaxMsgSize(s.maxMessageBytes());
            sub.setReconnectIVL(s.reconnectMs());
            sub.setReconnectIVLMax(s.reconnectMaxMs());
            if (s.heartbeatMs() > 0) {
                sub.setHeartbeatIvl(s.heartbeatMs());
                sub.setHeartbeatTimeout(3 * s.heartbeatMs());
            }
            sub.setHandshakeIvl(s.handshakeMs());
            sub.subscribe(s.subscribe().getBytes(StandardCharsets.UTF_8));
            String monitorAddress = "inproc://snoop-zeromq-monitor-" + MONITORS.incrementAndGet();
            sub.monitor(monitorAddress, ZMQ.EVENT_CONNECTED | ZMQ.EVENT_CONNECT_DELAYED | ZMQ.EVENT_CONNECT_RETRIED
                    | ZMQ.EVENT_DISCONNECTED | ZMQ.EVENT_CLOSED | ZMQ.EVENT_HANDSHAKE_PROTOCOL);
            ZMQ.Socket monitor = context.createSocket(SocketType.PAIR);
            monitor.connect(monitorAddress);
            links.clear();
            closed = false;
            for (String e : s.endpoints()) {
                links.put(e, new Link());
                sub.connect(e);
            }
            ZMQ.Poller poller = context.createPoller(2);
            int subIndex = poller.register(sub, ZMQ.Poller.POLLIN);
            poller.register(monitor, ZMQ.Poller.POLLIN);
            RunBatch batch = new RunBatch(sink, s.batch());
            while (going(sink)) {
                if (poller.poll(POLL_MS) < 0) {
                    break; // the context is being closed
                }
                linkEvents(monitor); // every time round: the poller does not always wake for it
                reviveAbandoned(sub, s);
                if (poller.pollin(subIndex)) {
                    // take what is waiting, up to a batch (then the monitor gets its turn); publish when
                    // nothing more is waiting, so that a quiet stream's events are not held back
                    byte[] m;
                    for (int n = 0; n < s.batch() && (m = sub.recv(ZMQ.DONTWAIT)) != null; n++) {
                        while (sub.hasReceiveMore()) {
                            m = sub.recv(0); // a topic came first: the record is the last part
                        }
                        record(m, batch, sink);
                    }
                    if (sub.hasReceiveMore() || (sub.getEvents() & ZMQ.Poller.POLLIN) != 0) {
                        continue; // more is waiting: fill the batch before publishing
                    }
                }
                batch.flush(null);
                stats.tick();
            }
        } catch (RuntimeException e) {
            if (going(sink)) {
                throw e;
            }
            // interrupted or closed while stopping: not a failure
        } finally {
            closed = true;
            // ZeroMQ's own threads are told to end through channels that an interrupt would close
            boolean interrupted = Thread.interrupted();
            try {
                context.close();
            } catch (RuntimeException e) {
                LOG.debug("{}: closing ZeroMQ after an interrupt: {}", name, e.toString());
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void record(byte[] m, RunBatch batch, EventSink sink) {
        stats.received(m.length);
        Object record;
        try {
            record = ZdabCodec.decodeRecord(ByteBuffer.wrap(m), 0, m.length);
        } catch (ZdabFormatException e) {
            sink.malformed("zeromq message " + stats.messages() + " (" + m.length + " bytes, "
                    + ZdabCodec.bankName(ZdabCodec.recordId(ByteBuffer.wrap(m), 0, m.length)) + ")", e.getMessage());
            return;
        }
        if (record == null) {
            stats.skipped();
            return;
        }
        long run = record instanceof PmtEvent e ? Integer.toUnsignedLong(e.run())
                : record instanceof RunHeader h ? Integer.toUnsignedLong(h.run()) : RunBatch.SAME_RUN;
        batch.add(record, run);
    }

    private void linkEvents(ZMQ.Socket monitor) {
        ZMQ.Event e;
        while ((e = ZMQ.Event.recv(monitor, ZMQ.DONTWAIT)) != null) {
            String address = e.getAddress();
            if (address == null) {
                continue;
            }
            Link link = links.computeIfAbsent(endpointOf(address), k -> new Link());
            link.news = System.nanoTime();
            switch (e.getEvent()) {
                case ZMQ.EVENT_CONNECTED -> link.handshaking = true;
                case ZMQ.EVENT_HANDSHAKE_PROTOCOL -> {
                    if (!link.connected) {
                        LOG.info("{}: connected to publisher {}", name, endpointOf(address));
                    }
                    link.up();
                }
                case ZMQ.EVENT_DISCONNECTED -> {
                    if (!link.connected) {
                        // no handshake within handshake.ms (ZeroMQ connects again by itself), or refused in it
                        link.handshaking = false;
                        int n = ++link.handshakesFailed;
                        if (Integer.bitCount(n) == 1) { // 1, 2, 4, 8...: a peer that never answers is not a flood
                            LOG.info("{}: the connection to publisher {} ended before its ZMTP handshake did (none "
                                    + "within {} ms, or the peer is not a ZeroMQ publisher), {} so far; connecting again",
                                    name, endpointOf(address), settings.handshakeMs(), n == 1 ? "the first" : n);
                        }
                        continue;
                    }
                    LOG.warn("{}: publisher {} went away (or sent a message above max.message.kb, or stopped "
                            + "answering heartbeats); reconnecting every {} ms at most", name, endpointOf(address),
                            settings.reconnectMaxMs());
                    link.down();
                }
                case ZMQ.EVENT_CONNECT_RETRIED -> link.retrying();
                default -> {
                    // CONNECT_DELAYED, CLOSED (of a refused attempt): the state stays
                }
            }
        }
    }

    /** How long a connect waits after this reader's disconnect of the same endpoint. */
    static final long RECONNECT_AFTER_DISCONNECT_NS = 200_000_000L;

    /**
     * ZeroMQ gives a connection up for good after a protocol error, such as a message above
     * {@code max.message.kb} (no retry follows its DISCONNECTED): connect again by hand when a
     * link has been down without any news for longer than ZeroMQ's own longest wait.
     */
    private void reviveAbandoned(ZMQ.Socket sub, ZeromqReaderSettings s) {
        long now = System.nanoTime();
        long quiet = (s.reconnectMaxMs() + 1000L) * 1_000_000L;
        for (String e : s.endpoints()) {
            Link l = links.get(e);
            if (l == null) {
                continue;
            }
            if (l.connectAt != 0) {
                if (now - l.connectAt >= 0) {
                    // the disconnect has been carried out by ZeroMQ's I/O thread by now: a connect made at once
                    // could be undone by it, leaving a link that says it is connected and brings nothing
                    l.connectAt = 0;
                    sub.connect(e);
                    l.news = now;
                }
            } else if (!l.connected && l.drops > 0 && now - l.news > quiet) {
                LOG.warn("{}: ZeroMQ gave publisher {} up (it sent a message above max.message.kb = {} kB, or broke "
                        + "the protocol); connecting again", name, e, s.maxMessageBytes() / 1024);
                sub.disconnect(e);
                l.connectAt = now + RECONNECT_AFTER_DISCONNECT_NS;
                l.news = now;
            }
        }
    }

    /** One publisher's connection as ZeroMQ's monitor tells it. */
    static final class Link {
        volatile boolean connected;
        volatile boolean tried;
        /** TCP is connected and the ZMTP handshake has not ended yet. */
        volatile boolean handshaking;
        /** Connections that ended before their handshake did. */
        volatile int handshakesFailed;
        /** When it last went up or down ({@code nanoTime}); 0 before either. */
        volatile long since;
        /** When the monitor last said anything of it (reader thread only). */
        long news = System.nanoTime();
        /** When to connect again after a disconnect by this reader ({@code nanoTime}); 0: none pending (reader thread only). */
        long connectAt;
        volatile int drops;

        void up() {
            connected = true;
            handshaking = false;
            since = System.nanoTime();
        }

        void down() {
            connected = false;
            handshaking = false;
            drops++;
            since = System.nanoTime();
        }

        void retrying() {
            tried = true;
            if (since == 0) {
                since = System.nanoTime();
            }
        }

        @Override
        public String toString() {
            String d = (drops == 0 ? "" : ", dropped " + drops + (drops == 1 ? " time" : " times"))
                    + (handshakesFailed == 0 ? "" : ", " + handshakesFailed + " without a handshake");
            if (connected) {
                return "connected" + d;
            }
            if (handshaking) {
                return "handshaking" + d;
            }
            if (since == 0) {
                return "connecting" + d;
            }
            return String.format(java.util.Locale.ROOT, "down for %.1f s, retrying%s", (System.nanoTime() - since) / 1e9,
                    d);
        }
    }

    /** The configured endpoint an address of the monitor belongs to (it may name it otherwise). */
    private String endpointOf(String address) {
        if (links.containsKey(address)) {
            return address;
        }
        // the monitor names the address it resolved (tcp://127.0.0.1:5557 for tcp://localhost:5557)
        String match = null;
        for (String e : settings.endpoints()) {
            if (address.endsWith(e.substring(e.lastIndexOf(':')))) {
                if (match != null) {
                    return address; // two on that port: cannot tell
                }
                match = e;
            }
        }
        return match != null ? match : address;
    }

    /** For tests: each publisher's connection. */
    Link link(String endpoint) {
        return links.get(endpoint);
    }

    boolean closed() {
        return closed;
    }

    StreamStats stats() {
        return stats;
    }

    @Override
    public String describe() {
        ZeromqReaderSettings s = settings;
        if (s == null) {
            return "zeromq (not configured)";
        }
        StringBuilder b = new StringBuilder("zeromq ");
        boolean first = true;
        for (String e : s.endpoints()) {
            Link l = links.get(e);
            b.append(first ? "" : ", ").append(e).append(' ').append(closed ? "closed" : l == null ? "not started" : l);
            first = false;
        }
        for (Map.Entry<String, Link> l : links.entrySet()) {
            if (!s.endpoints().contains(l.getKey())) {
                b.append(", ").append(l.getKey()).append(' ').append(l.getValue());
            }
        }
        b.append("; ").append(stats.summary());
        return b.toString();
    }
}
