package org.snoplus.snoop.reader.zeromq.internal;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.After;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TemporaryFolder;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.RunHeader;
import org.snoplus.snoop.sno.TriggerSettings;
import org.snoplus.snoop.sno.zdab.ZdabCodec;
import org.snoplus.snoop.sno.zdab.ZdabTestData;
import org.snoplus.snoop.testing.CollectingSink;
import org.snoplus.snoop.testing.Configs;

/**
 * The reader against publishers we did not write: libzmq, through Debian's {@code python3-zmq}
 * ({@code src/test/python/publisher.py}), over real TCP on loopback. Records are logged as
 * {@code gtid} for events and {@code RUN n}/{@code TRIG} for headers.
 */
public class ZeromqReaderTest {

    /** A VTHR record: a kind the reader skips; publishers repeat it until the subscription has arrived. */
    private static final String PROBE = "56544852000000000000000000000000";

    @Rule
    public TemporaryFolder tmp = new TemporaryFolder();

    private final List<Publisher> publishers = new ArrayList<>();
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
        if (failure != null) {
            throw new AssertionError("the reader failed", failure);
        }
        for (Publisher p : publishers) {
            p.close();
        }
    }

    private static String log(Object r) {
        if (r instanceof PmtEvent e) {
            return Integer.toString(e.gtid());
        }
        if (r instanceof RunHeader h) {
            return "RUN " + h.run();
        }
        return ZdabCodec.bankName(r instanceof TriggerSettings ? ZdabCodec.BANK_TRIG : 0);
    }

    private ZeromqReader reader(String endpoints, Object... more) {
        Object[] kv = new Object[more.length + 2];
        kv[0] = "endpoints";
        kv[1] = endpoints;
        System.arraycopy(more, 0, kv, 2, more.length);
        return new ZeromqReader(ZeromqReaderSettings.from(Configs.of(ZeromqReaderConfig.class, kv)));
    }

    private void start(ZeromqReader reader) {
        sink = new CollectingSink(ZeromqReaderTest::log);
        thread = new Thread(() -> {
            try {
                reader.read(sink);
            } catch (Exception e) {
                failure = e;
            }
        }, "zeromq-reader-test");
        thread.start();
    }

    /** The messages as the publisher's file: each a 4-byte length and the record. */
    private Path messages(List<?> records) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        for (Object r : records) {
            byte[] m = r instanceof byte[] raw ? raw : encode(r);
            out.writeInt(m.length);
            out.write(m);
        }
        Path f = tmp.newFile().toPath();
        Files.write(f, bytes.toByteArray());
        return f;
    }

    private static byte[] encode(Object record) {
        ByteBuffer b = ByteBuffer.allocate(ZdabCodec.recordBytes(record));
        ZdabCodec.encodeRecord(record, b, 0);
        return b.array();
    }

    /** Waits until the subscription has reached {@code p}: its probes arrive (and are skipped). */
    private void subscribed(ZeromqReader reader, Publisher p) throws Exception {
        long before = reader.stats().skippedMessages();
        p.command("probe " + PROBE, "ok probe");
        waitFor("the probes of " + p.port, 20_000, () -> reader.stats().skippedMessages() > before);
    }

    private static List<Object> run(int run, int gtidFrom, int n) {
        List<Object> records = new ArrayList<>();
        records.add(ZdabTestData.runHeader(run));
        records.add(ZdabTestData.triggerSettings(gtidFrom));
        for (int i = 0; i < n; i++) {
            records.add(ZdabTestData.event(7, gtidFrom + i, 100, run));
        }
        return records;
    }

    @Test
    public void eventsAndHeadersFromLibzmqArriveDecodedInOrderWithTheirRuns() throws Exception {
        Publisher p = publisher(0);
        ZeromqReader reader = reader(p.endpoint());
        start(reader);
        subscribed(reader, p);
        List<Object> records = run(300_001, 1, 1000);
        records.addAll(run(300_002, 5000, 10));
        p.command("send " + messages(records), "sent " + records.size());
        sink.awaitPublished(records.size(), 20_000);

        List<Object> got = sink.records;
        assertEquals(records.size(), got.size());
        for (int i = 0; i < records.size(); i++) {
            ZdabTestData.assertSameRecord("record " + i, records.get(i), got.get(i));
        }
        assertEquals("run=300001", sink.log.get(0));
        assertEquals("RUN 300001", sink.log.get(1));
        int second = sink.log.indexOf("run=300002");
        assertEquals("RUN 300002", sink.log.get(second + 1));
        assertTrue(got.get(1001) instanceof PmtEvent e && e.run() == 300_001);
        assertTrue(got.get(1002) instanceof RunHeader h && h.run() == 300_002);
        assertEquals(List.of(), sink.malformed);
        assertTrue(reader.describe(), reader.describe().startsWith("zeromq " + p.endpoint() + " connected; "));
    }

    @Test
    public void aMalformedRecordIsCountedAndSkippedAndOtherKindsAreSkipped() throws Exception {
        Publisher p = publisher(0);
        ZeromqReader reader = reader(p.endpoint());
        start(reader);
        subscribed(reader, p);
        byte[] good = encode(ZdabTestData.event(7, 1, 10, 300_000));
        byte[] truncated = java.util.Arrays.copyOf(good, good.length - 12); // NHIT says one hit more
        byte[] tiny = {1, 2, 3};
        List<Object> records = List.of(truncated, tiny, good, HexFormat.of().parseHex(PROBE));
        p.command("send " + messages(records), "sent 4");
        sink.awaitPublished(1, 20_000);
        waitFor("two malformed", 5000, () -> sink.malformed.size() == 2);
        assertEquals(1, sink.records.size());
        assertTrue(sink.malformed.get(0), sink.malformed.get(0).contains("PMT "));
        assertTrue(sink.malformed.get(1), sink.malformed.get(1).contains("shorter than 12"));
    }

    @Test
    public void severalPublishersFeedOneReaderAndTopicsAreStripped() throws Exception {
        Publisher a = publisher(0);
        Publisher b = publisher(0);
        ZeromqReader reader = reader(a.endpoint() + ", " + b.endpoint());
        start(reader);
        subscribed(reader, a);
        subscribed(reader, b);
        List<Object> fromA = run(300_000, 1, 500);
        List<Object> fromB = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            fromB.add(ZdabTestData.event(8, 10_000 + i, 20, 300_000));
        }
        a.command("send " + messages(fromA), "sent 502");
        b.command("send " + messages(fromB) + " avalanche", "sent 500");
        sink.awaitPublished(1002, 20_000);
        assertEquals(1000, sink.events().size());
        String d = reader.describe();
        assertTrue(d, d.contains(a.endpoint() + " connected") && d.contains(b.endpoint() + " connected"));
    }

    @Test
    public void aPublisherKilledAndRestartedIsReconnectedAndTheOtherGoesOn() throws Exception {
        Publisher a = publisher(0);
        Publisher b = publisher(0);
        ZeromqReader reader = reader(a.endpoint() + "," + b.endpoint(), "reconnect.ms", 50, "reconnect.max.ms", 200);
        start(reader);
        subscribed(reader, a);
        subscribed(reader, b);
        int port = a.port;
        a.kill();
        waitFor("the loss of " + port + " seen", 10_000, () -> reader.link(a.endpoint()).drops == 1);
        assertTrue(reader.describe(), reader.describe().contains(a.endpoint() + " down for "));
        // the other publisher is untouched
        b.command("send " + messages(run(300_000, 1, 10)), "sent 12");
        sink.awaitPublished(12, 20_000);

        Publisher again = publisher(port);
        waitFor("reconnected to " + port, 20_000, () -> reader.link(a.endpoint()).connected);
        subscribed(reader, again);
        again.command("send " + messages(run(300_000, 100, 10)), "sent 12");
        sink.awaitPublished(24, 20_000);
        assertEquals(List.of(), sink.malformed);
    }

    @Test
    public void anOversizedMessageDropsOnlyThatConnectionWhichComesBack() throws Exception {
        Publisher p = publisher(0);
        ZeromqReader reader = reader(p.endpoint(), "max.message.kb", 2, "reconnect.ms", 50, "reconnect.max.ms", 200);
        start(reader);
        subscribed(reader, p);
        p.command("big 4096", "sent 1"); // twice the bound; a 100-hit event (1256 bytes) fits
        waitFor("the publisher dropped", 10_000, () -> reader.link(p.endpoint()).drops == 1);
        waitFor("and connected again", 20_000, () -> reader.link(p.endpoint()).connected);
        subscribed(reader, p);
        p.command("send " + messages(run(300_000, 1, 5)), "sent 7");
        sink.awaitPublished(7, 20_000);
        assertEquals("nothing of the big message was published", 7, sink.records.size());
    }

    @Test
    public void aPeerThatAcceptsAndSaysNothingIsLeftAfterTheHandshakeBoundAndTriedAgain() throws Exception {
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            List<java.net.Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        accepted.add(silent.accept()); // and never a byte back
                    }
                } catch (IOException e) {
                    // closed at the end of the test
                }
            }, "silent-peer");
            acceptor.start();
            String endpoint = "tcp://127.0.0.1:" + silent.getLocalPort();
            ZeromqReader reader = reader(endpoint, "handshake.ms", 300, "reconnect.ms", 50, "reconnect.max.ms", 200);
            start(reader);
            waitFor("two connections given up without a handshake", 10_000,
                    () -> reader.link(endpoint) != null && reader.link(endpoint).handshakesFailed >= 2);
            assertTrue("connected again each time: " + accepted.size(), accepted.size() >= 2);
            assertTrue(reader.describe(), !reader.link(endpoint).connected);
            assertTrue(reader.describe(), reader.describe().contains("without a handshake"));
            for (java.net.Socket a : accepted) {
                a.close();
            }
        }
    }

    @Test
    public void stopsPromptlyWhenItsSinkClosesWhileNothingComes() throws Exception {
        ZeromqReader reader = reader("tcp://127.0.0.1:1"); // nothing listens there: refused, retried
        start(reader);
        waitFor("retrying", 10_000, () -> reader.link("tcp://127.0.0.1:1") != null && reader.link("tcp://127.0.0.1:1").tried);
        assertTrue(reader.describe(), reader.describe().contains("tcp://127.0.0.1:1 down for "));
        sink.open = false;
        thread.join(5000);
        assertTrue("still reading 5 s after its sink closed", !thread.isAlive());
        assertTrue(reader.describe(), reader.describe().startsWith("zeromq tcp://127.0.0.1:1 closed; "));
    }

    @Test
    public void aBadConfigurationIsRejectedNamingItsKey() {
        Configs.assertRejected("bad configuration: endpoints is required", () -> reader(" "));
        Configs.assertRejected("bad configuration: endpoints: 'daq1:5557' is not tcp://HOST:PORT",
                () -> reader("tcp://daq1:5557, daq1:5557"));
        Configs.assertRejected("bad configuration: hwm must be between 1 and", () -> reader("tcp://a:1", "hwm", 0));
        Configs.assertRejected("bad configuration: max.message.kb must be between 1 and",
                () -> reader("tcp://a:1", "max.message.kb", 1 << 20));
        Configs.assertRejected("bad configuration: reconnect.max.ms must be >= reconnect.ms",
                () -> reader("tcp://a:1", "reconnect.ms", 500, "reconnect.max.ms", 100));
        Configs.assertRejected("bad configuration: handshake.ms must be between 100 and 60000, not 0",
                () -> reader("tcp://a:1", "handshake.ms", 0));
    }

    // ------------------------------------------------------------------ the libzmq publisher

    private Publisher publisher(int port) throws IOException {
        Publisher p = new Publisher(port);
        publishers.add(p);
        return p;
    }

    /** {@code python3 publisher.py PORT} on Debian's python3 with python3-zmq (libzmq). */
    static final class Publisher implements AutoCloseable {
        final Process process;
        final OutputStream in;
        final BufferedReader out;
        final int port;

        Publisher(int port) throws IOException {
            String python = System.getProperty("snoop.test.python", "/usr/bin/python3");
            Path script = Path.of("src/test/python/publisher.py").toAbsolutePath();
            ProcessBuilder pb = new ProcessBuilder(python, script.toString(), Integer.toString(port));
            pb.redirectError(ProcessBuilder.Redirect.INHERIT);
            process = pb.start();
            in = process.getOutputStream();
            out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String first = out.readLine();
            if (first == null) {
                throw new IOException(python + " " + script + " ended at once: is python3-zmq installed "
                        + "(apt-get install python3-zmq; .ci/run does it)?");
            }
            this.port = Integer.parseInt(first.trim());
        }

        String endpoint() {
            return "tcp://127.0.0.1:" + port;
        }

        void command(String command, String answer) throws IOException {
            in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
            String line = out.readLine();
            assertEquals("the publisher's answer to " + command, answer, line);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() throws Exception {
            try {
                in.close();
            } catch (IOException e) {
                // gone already
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                kill();
            }
        }
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
