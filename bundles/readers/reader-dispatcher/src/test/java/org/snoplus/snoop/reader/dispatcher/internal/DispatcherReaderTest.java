package org.snoplus.snoop.reader.dispatcher.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Test;
import org.snoplus.snoop.dispatch.DispatchServer;
import org.snoplus.snoop.dispatch.Frames;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.snoplus.snoop.sno.zdab.ZdabTestData;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;

/**
 * The reader over real TCP on loopback against the dispatcher of {@code snoop dispatch}
 * ({@link DispatchServer}): order and runs, a refused and a dropped connection, a dispatcher
 * restarted mid-run, oversized, malformed and out-of-step frames, a slow reader, a silent peer.
 */
public class DispatcherReaderTest {

    private final List<DispatchServer> servers = new ArrayList<>();
    private Thread thread;
    private CollectingSink sink;
    private volatile Exception failure;

    @After
    public void stop() throws Exception {
        if (sink != null) {
            sink.open = false;
        }
        if (thread != null) {
            thread.interrupt();
            thread.join(10_000);
            assertTrue("the reader did not stop", !thread.isAlive());
        }
        for (DispatchServer s : servers) {
            s.close();
        }
        if (failure != null) {
            throw new AssertionError("the reader failed", failure);
        }
    }

    private DispatchServer server(int port, long queueBytes) throws Exception {
        DispatchServer s = new DispatchServer(InetAddress.getLoopbackAddress(), port, queueBytes);
        servers.add(s);
        return s;
    }

    private DispatcherReader reader(int port, Object... kv) {
        Object[] all = new Object[kv.length + 2];
        all[0] = "port";
        all[1] = port;
        System.arraycopy(kv, 0, all, 2, kv.length);
        return new DispatcherReader(DispatcherReaderSettings.from(Configs.of(DispatcherReaderConfig.class, all)));
    }

    private void start(DispatcherReader reader, CollectingSink s) {
        sink = s;
        thread = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Exception e) {
                failure = e;
            }
        }, "dispatcher-reader-test");
        thread.start();
    }

    private void start(DispatcherReader reader) {
        start(reader, new CollectingSink(r -> r instanceof PmtEvent e ? Integer.toString(e.gtid())
                : r instanceof RunHeader h ? "RUN " + h.run() : r.getClass().getSimpleName()));
    }

    private static void publish(DispatchServer s, Object record) throws InterruptedException {
        byte[] payload = new byte[ZdabCodec.recordBytes(record)];
        ZdabCodec.encodeRecord(record, ByteBuffer.wrap(payload), 0);
        s.publish(record instanceof PmtEvent ? "RAWDATA" : "RECHDR", payload);
    }

    private static void publishRun(DispatchServer s, int run, int firstGtid, int events) throws InterruptedException {
        publish(s, ZdabTestData.runHeader(run));
        publish(s, ZdabTestData.triggerSettings(firstGtid));
        for (int i = 0; i < events; i++) {
            publish(s, ZdabTestData.event(3, firstGtid + i, 100, run));
        }
    }

    private static void subscribed(DispatchServer s) throws InterruptedException {
        waitFor("the reader subscribed", 10_000, () -> s.subscribers(Frames.RAWDATA) == 1);
    }

    @Test
    public void framesArriveDecodedInOrderWithTheirRunsAndTheReaderNamesItself() throws Exception {
        DispatchServer s = server(0, 16 << 20);
        DispatcherReader reader = reader(s.port(), "id", "SNOOP-test");
        start(reader);
        subscribed(s);
        assertEquals(List.of("SNOOP-test"), s.clientNames());
        List<Object> sent = new ArrayList<>();
        sent.add(ZdabTestData.runHeader(300_001));
        sent.add(ZdabTestData.triggerSettings(1));
        for (int i = 0; i < 2000; i++) {
            sent.add(ZdabTestData.event(3, 1 + i, 100, 300_001));
        }
        sent.add(ZdabTestData.runHeader(300_002));
        sent.add(ZdabTestData.event(3, 5000, 10, 300_002));
        for (Object r : sent) {
            publish(s, r);
        }
        sink.awaitPublished(sent.size(), 20_000);
        for (int i = 0; i < sent.size(); i++) {
            ZdabTestData.assertSameRecord("record " + i, sent.get(i), sink.records.get(i));
        }
        assertEquals("run=300001", sink.log.get(0));
        assertEquals(sink.log.indexOf("RUN 300002") - 1, sink.log.indexOf("run=300002"));
        assertEquals(List.of(), sink.malformed);
        String d = reader.describe();
        assertTrue(d, d.startsWith("dispatcher 127.0.0.1:" + s.port() + " connected for ") && d.contains("msg/s"));
    }

    @Test
    public void aRefusedDispatcherIsTriedAgainUntilItIsThere() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        DispatcherReader reader = reader(port, "reconnect.ms", 50, "reconnect.max.ms", 200);
        start(reader);
        waitFor("refused", 10_000, () -> reader.describe().contains(" DOWN for "));
        assertTrue(reader.describe(), reader.describe().toLowerCase().contains("refused"));
        DispatchServer s = server(port, 16 << 20);
        subscribed(s);
        publishRun(s, 300_000, 1, 10);
        sink.awaitPublished(12, 10_000);
    }

    @Test
    public void aDispatcherRestartedMidRunIsFollowedAgain() throws Exception {
        DispatchServer s = server(0, 16 << 20);
        int port = s.port();
        DispatcherReader reader = reader(port, "reconnect.ms", 50, "reconnect.max.ms", 200);
        start(reader);
        subscribed(s);
        publishRun(s, 300_000, 1, 100);
        sink.awaitPublished(102, 10_000);
        s.close();
        waitFor("the loss seen", 10_000, () -> reader.drops() == 1);
        DispatchServer again = server(port, 16 << 20);
        subscribed(again);
        for (int i = 0; i < 100; i++) {
            publish(again, ZdabTestData.event(3, 200 + i, 50, 300_000));
        }
        sink.awaitPublished(202, 10_000);
        assertEquals(200, sink.events().size());
        assertTrue(reader.describe(), reader.describe().contains("connection lost 1 time"));
    }

    @Test
    public void oversizedAndUndecodableFramesAreCountedAndTheConnectionGoesOn() throws Exception {
        DispatchServer s = server(0, 16 << 20);
        DispatcherReader reader = reader(s.port(), "max.message.kb", 2);
        start(reader);
        subscribed(s);
        publish(s, ZdabTestData.event(3, 1, 10, 300_000));
        s.publish("RAWDATA", new byte[5000]); // above 2 kB: read past
        byte[] good = new byte[ZdabCodec.recordBytes(ZdabTestData.event(3, 2, 10, 300_000))];
        ZdabCodec.encodeRecord(ZdabTestData.event(3, 2, 10, 300_000), ByteBuffer.wrap(good), 0);
        s.publish("RAWDATA", java.util.Arrays.copyOf(good, good.length - 5)); // a record cut short
        s.publish("RAWDATA", new byte[] {'R', 'U', 'N', ' '}); // not a PMT record
        s.publish("RECHDR", new byte[16]); // a header of another kind: skipped
        publish(s, ZdabTestData.event(3, 3, 10, 300_000));
        sink.awaitPublished(2, 10_000);
        waitFor("three malformed", 5000, () -> sink.malformed.size() == 3);
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("RAWDATA frame of 5000 bytes, above "
                + "max.message.kb = 2; read past"));
        assertEquals(0, reader.drops());
        assertEquals(1, reader.stats().skippedMessages());
    }

    @Test
    public void aHeaderOutOfStepDropsTheConnectionWhichIsMadeAgain() throws Exception {
        DispatchServer s = server(0, 16 << 20);
        DispatcherReader reader = reader(s.port(), "reconnect.ms", 50);
        start(reader);
        subscribed(s);
        byte[] bad = new byte[12];
        Frames.header(bad, 0, Frames.RAWDATA, -5); // a negative size: the stream cannot be followed
        s.sendRaw(bad);
        waitFor("dropped and connected again", 10_000, () -> reader.drops() == 1 && reader.connected());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("size -5"));
        subscribed(s);
        publishRun(s, 300_000, 1, 5);
        sink.awaitPublished(7, 10_000);
    }

    @Test
    public void aSlowReaderLosesWhatItsDispatcherSkipsAndNeverSlowsTheDispatcher() throws Exception {
        DispatchServer s = server(0, 64 * 1024);
        DispatcherReader reader = reader(s.port(), "subscription", "w RAWDATA w RECHDR");
        // a loop that takes 1 ms per publish call: far slower than the dispatcher
        SlowSink slow = new SlowSink();
        Thread t = new Thread(() -> {
            try {
                reader.read(slow);
            } catch (Exception e) {
                failure = e;
            }
        });
        t.start();
        try {
            slowReader(s, slow);
        } finally {
            slow.open = false;
            t.interrupt();
            t.join(10_000);
        }
    }

    private void slowReader(DispatchServer s, SlowSink slow) throws Exception {
        subscribed(s);
        long t0 = System.nanoTime();
        for (int i = 0; i < 20_000; i++) {
            publish(s, ZdabTestData.event(3, i, 100, 300_000));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        waitFor("the dispatcher dropped frames for the slow reader", 10_000, () -> s.dropped() > 0);
        // the publisher was not held back: 20000 frames went out in far less than 20000 × 1 ms
        assertTrue("publishing took " + seconds + " s", seconds < 15);
        publish(s, ZdabTestData.runHeader(300_001));
        waitFor("the reader still reads", 20_000, () -> slow.header);
        assertTrue(slow.events < 20_000);
    }

    /** A loop that needs 1 ms for every batch. */
    static final class SlowSink implements org.snoplus.snoop.reader.EventSink {
        volatile boolean open = true;
        volatile long events;
        volatile boolean header;

        @Override
        public void publish(Object event) {
            publish(new Object[] {event}, 0, 1, null);
        }

        @Override
        public void publish(Object[] events, int from, int to) {
            publish(events, from, to, null);
        }

        @Override
        public void publish(Object[] batch, int from, int to, Object position) {
            for (int i = from; i < to; i++) {
                if (batch[i] instanceof RunHeader) {
                    header = true;
                } else {
                    events++;
                }
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public Object resumeFrom() {
            return null;
        }

        @Override
        public boolean isOpen() {
            return open;
        }

        @Override
        public void malformed(String where, String why) {
        }

        @Override
        public void startRun(long run) {
        }
    }

    @Test
    public void aQuietDispatcherIsKeptByTheKeepAliveAndASilentPeerIsGivenUp() throws Exception {
        DispatchServer s = server(0, 16 << 20);
        DispatcherReader reader = reader(s.port(), "idle.s", 1, "dead.s", 2);
        start(reader);
        subscribed(s);
        Thread.sleep(4500); // no data: the keep-alive comes back through the dispatcher
        assertEquals(0, reader.drops());
        sink.open = false;
        thread.join(5000);
        sink = null;
        thread = null;

        // a peer that accepts and never says anything, nor echoes the keep-alive
        try (ServerSocket mute = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            List<Socket> accepted = new ArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(mute.accept());
                    }
                } catch (Exception e) {
                    // closed
                }
            });
            acceptor.start();
            DispatcherReader silent = reader(mute.getLocalPort(), "idle.s", 1, "dead.s", 2, "reconnect.ms", 50);
            start(silent);
            waitFor("given up after dead.s", 10_000, () -> silent.drops() >= 1);
            assertTrue(silent.describe(), accepted.size() >= 1);
        }
    }

    @Test
    public void aBadConfigurationIsRejectedNamingItsKey() {
        Configs.assertRejected("bad configuration: subscription must be tags each after a or w",
                () -> reader(5553, "subscription", "m RAWDATA"));
        Configs.assertRejected("bad configuration: port must be between 1 and 65535", () -> reader(0));
        Configs.assertRejected("bad configuration: dead.s must be more than idle.s",
                () -> reader(5553, "idle.s", 10, "dead.s", 10));
        Configs.assertRejected("bad configuration: max.message.kb must be between",
                () -> reader(5553, "max.message.kb", 0));
    }

    static void waitFor(String what, long timeoutMs, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }
}
