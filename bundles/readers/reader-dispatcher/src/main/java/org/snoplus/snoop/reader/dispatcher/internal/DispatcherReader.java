package org.snoplus.snoop.reader.dispatcher.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.snoplus.snoop.dispatch.DispatchConnection;
import org.snoplus.snoop.dispatch.Frames;
import org.snoplus.snoop.dispatch.ProtocolException;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.support.ReaderConfig;
import org.snoplus.snoop.reader.support.RunBatch;
import org.snoplus.snoop.reader.support.StreamStats;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.snoplus.snoop.sno.zdab.ZdabFormatException;

/**
 * A subscriber of a SNO+ dispatcher (the old snoop's {@code DispatchReader}): connects, sends
 * {@code Subscrib} (the configured subscription and the keep-alive tag), {@code Always} and
 * {@code MyId}, then decodes {@code RAWDATA} frames into {@link PmtEvent}s and {@code RECHDR}
 * frames into run, trigger and pedestal headers, in the order they come, and publishes them in
 * batches: a batch goes out when it is full or when no further frame is already received, so
 * that events are not held back at low rates.
 *
 * <p>Keep-alive (the protocol has none): after {@code idle.s} without a frame it sends a frame
 * tagged {@code SNOOPPNG} through the dispatcher, which sends it back to its subscribers (this
 * reader among them); after {@code dead.s} without any frame the connection is given up and made
 * again. A connection that fails, is refused or is given up is made again after
 * {@code reconnect.ms}, doubling up to {@code reconnect.max.ms}. A frame that is not decoded is
 * counted as malformed and skipped; a frame above {@code max.message.kb} is read past and counted;
 * a header that is not one (a bad tag, a negative size) drops the connection, which is made
 * again.
 *
 * <p>What a restart of snoop loses: the dispatcher keeps no history. Frames sent while no
 * connection is up are lost, and with {@code w} subscriptions so are those the dispatcher skips
 * while this reader is busy. Events are never published twice.
 */
@Component(name = DispatcherReader.PID, service = Reader.class, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DispatcherReaderConfig.class, factory = true)
public class DispatcherReader implements Reader {

    static final String PID = "snoop.reader.dispatcher";
    /** The keep-alive's tag: this reader subscribes to it and sends it after a silence. */
    static final String KEEPALIVE = "SNOOPPNG";
    static final long KEEPALIVE_TAG = Frames.tag(KEEPALIVE);
    /** The read timeout: how soon a stopping reader, a silence or a partly filled batch is noticed. */
    static final int POLL_MS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(DispatcherReader.class);

    private volatile DispatcherReaderSettings settings;
    private volatile boolean deactivated;
    private volatile String name = PID;
    private final StreamStats stats = new StreamStats();

    // the connection as describe() shows it (reader thread writes)
    private volatile DispatchConnection connection;
    private volatile long since;
    private volatile String down;
    private volatile long nextTry;
    private volatile int drops;
    private volatile long malformed;

    public DispatcherReader() {
    }

    DispatcherReader(DispatcherReaderSettings settings) {
        this.settings = settings;
    }

    @Activate
    void activate(DispatcherReaderConfig config, Map<String, Object> properties) {
        settings = ReaderConfig.activate(properties, () -> DispatcherReaderSettings.from(config), LOG);
        Object pid = properties.get("service.pid");
        name = pid == null ? PID : pid.toString();
        LOG.info("{}: subscribing to the dispatcher at {} ({})", name, settings.where(), settings.subscription());
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
        try {
            follow(sink);
        } catch (InterruptedException e) {
            // stopped while waiting to connect again
        }
    }

    private void follow(EventSink sink) throws InterruptedException {
        DispatcherReaderSettings s = settings;
        if (sink.resumeFrom() != null) {
            LOG.info("{}: a dispatcher cannot be rewound; the checkpoint's position is ignored", name);
        }
        RunBatch batch = new RunBatch(sink, s.batch());
        long backoff = s.reconnectMs();
        down = "connecting";
        since = System.nanoTime();
        while (going(sink)) {
            DispatchConnection c;
            try {
                c = DispatchConnection.connect(s.host(), s.port(), 5000, POLL_MS, s.maxMessageBytes());
            } catch (IOException e) {
                backoff = retry(s, e.getMessage() == null ? e.toString() : e.getMessage(), backoff);
                continue;
            }
            try (c) {
                c.subscribe(s.subscription() + " w " + KEEPALIVE);
                c.always();
                c.myId(s.id());
                LOG.info("{}: connected to the dispatcher at {}{}", name, s.where(),
                        down == null || "connecting".equals(down) ? "" : " (it was down: " + down + ")");
                connection = c;
                down = null;
                since = System.nanoTime();
                backoff = s.reconnectMs();
                follow(c, s, sink, batch);
            } catch (ProtocolException e) {
                sink.malformed("dispatcher " + s.where(), e.getMessage() + "; connecting again");
                backoff = lost(s, e.getMessage(), backoff);
            } catch (IOException e) {
                if (!going(sink)) {
                    break;
                }
                backoff = lost(s, e.getMessage() == null ? e.toString() : e.getMessage(), backoff);
            } finally {
                connection = null;
                if (batch.size() > 0 && going(sink)) {
                    batch.flush(null);
                }
            }
        }
    }

    /** Reads frames until the connection ends or the reader stops. */
    private void follow(DispatchConnection c, DispatcherReaderSettings s, EventSink sink, RunBatch batch)
            throws IOException {
        ByteBuffer frames = ByteBuffer.wrap(c.buffer());
        long lastFrame = System.nanoTime();
        long pinged = 0;
        long idle = s.idleS() * 1_000_000_000L;
        long dead = s.deadS() * 1_000_000_000L;
        while (going(sink)) {
            if (c.next()) {
                lastFrame = System.nanoTime();
                stats.received(c.size() + Frames.HEADER_BYTES);
                frame(c, frames, s, sink, batch);
                if (!c.hasBuffered()) {
                    batch.flush(null); // nothing more is here: do not hold these back
                }
                continue;
            }
            batch.flush(null);
            stats.tick();
            if (c.oversized()) {
                lastFrame = System.nanoTime();
                malformed++;
                sink.malformed("dispatcher " + s.where(), "a " + Frames.name(c.oversizedTag()) + " frame of "
                        + c.oversizedSize() + " bytes, above max.message.kb = " + s.maxMessageBytes() / 1024
                        + "; read past");
                continue;
            }
            long silent = System.nanoTime() - lastFrame;
            if (silent > dead) {
                throw new IOException("nothing from the dispatcher for " + s.deadS() + " s, not even the keep-alive");
            }
            if (silent > idle && System.nanoTime() - pinged > idle) {
                byte[] me = s.id().getBytes(StandardCharsets.US_ASCII);
                c.send(KEEPALIVE_TAG, me, 0, me.length);
                pinged = System.nanoTime();
            }
        }
    }

    private void frame(DispatchConnection c, ByteBuffer frames, DispatcherReaderSettings s, EventSink sink,
            RunBatch batch) {
        long tag = c.tag();
        if (tag == KEEPALIVE_TAG) {
            return;
        }
        if (tag != Frames.RAWDATA && tag != Frames.RECHDR) {
            stats.skipped();
            return;
        }
        Object record;
        try {
            record = tag == Frames.RAWDATA ? ZdabCodec.decodeRawData(frames, c.offset(), c.size())
                    : ZdabCodec.decodeRecord(frames, c.offset(), c.size());
        } catch (ZdabFormatException e) {
            malformed++;
            sink.malformed("dispatcher " + s.where() + " " + Frames.name(tag) + " frame " + c.frames() + " ("
                    + c.size() + " bytes)", e.getMessage());
            return;
        }
        if (record == null) {
            stats.skipped(); // a RECHDR record of another kind
            return;
        }
        long run = record instanceof PmtEvent e ? Integer.toUnsignedLong(e.run())
                : record instanceof RunHeader h ? Integer.toUnsignedLong(h.run()) : RunBatch.SAME_RUN;
        batch.add(record, run);
    }

    private long lost(DispatcherReaderSettings s, String why, long backoff) throws InterruptedException {
        drops++;
        LOG.warn("{}: lost the dispatcher at {}: {}; connecting again", name, s.where(), why);
        return retry(s, why, backoff);
    }

    private long retry(DispatcherReaderSettings s, String why, long backoff) throws InterruptedException {
        if (down == null || "connecting".equals(down)) {
            since = System.nanoTime();
            if (!"connecting".equals(down) || drops == 0) {
                LOG.warn("{}: the dispatcher at {} cannot be reached: {}; trying again every {} s at most", name,
                        s.where(), why, s.reconnectMaxMs() / 1000.0);
            }
        }
        down = why;
        stats.tick();
        nextTry = System.nanoTime() + backoff * 1_000_000L;
        Thread.sleep(backoff);
        return Math.min(backoff * 2, s.reconnectMaxMs());
    }

    StreamStats stats() {
        return stats;
    }

    boolean connected() {
        return connection != null;
    }

    int drops() {
        return drops;
    }

    @Override
    public String describe() {
        DispatcherReaderSettings s = settings;
        if (s == null) {
            return "dispatcher (not configured)";
        }
        StringBuilder b = new StringBuilder("dispatcher ").append(s.where());
        double t = (System.nanoTime() - since) / 1e9;
        DispatchConnection c = connection;
        String d = down;
        if (c != null) {
            b.append(String.format(Locale.ROOT, " connected for %.0f s", t));
        } else if (d != null) {
            b.append(String.format(Locale.ROOT, " DOWN for %.0f s: %s (next try in %.1f s)", t, d,
                    Math.max(0, (nextTry - System.nanoTime()) / 1e9)));
        }
        b.append(" (").append(s.subscription()).append("); ").append(stats.summary());
        if (c != null) {
            b.append("; behind by ").append(StreamStats.bytes(c.backlog()));
        }
        if (drops > 0) {
            b.append("; connection lost ").append(drops).append(drops == 1 ? " time" : " times");
        }
        return b.toString();
    }
}
