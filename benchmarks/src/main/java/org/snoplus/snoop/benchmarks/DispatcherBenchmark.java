package org.snoplus.snoop.benchmarks;

import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.osgi.framework.Version;
import org.snoplus.snoop.core.internal.CoreSettings;
import org.snoplus.snoop.core.internal.Engine;
import org.snoplus.snoop.dispatch.DispatchConnection;
import org.snoplus.snoop.dispatch.DispatchServer;
import org.snoplus.snoop.dispatch.Frames;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;
import org.snoplus.snoop.reader.dispatcher.internal.DispatcherReaders;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabCodec;

/**
 * The dispatcher reader over loopback TCP: 100-hit SNO+ events published by the dispatcher of
 * {@code snoop dispatch} ({@code a} subscription: the dispatcher waits for the reader, so the
 * reader is what is measured), decoded by the reader and published into a sink that counts them;
 * against, in the same run, the frames read off the same connection without decoding (the
 * transport's ceiling) and the same events decoded from memory. One operation is one event.
 * {@code latency} is one event from the dispatcher to a processor's {@code event()} through the
 * real loop, at rest.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar DispatcherBenchmark -prof gc</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class DispatcherBenchmark {

    static final int BATCH = 20_000;
    static final int DISTINCT = 1024;

    /** 1024 different 100-hit events as RAWDATA frames. */
    static byte[][] frames() {
        PmtEvent[] events = SnoEvents.make(DISTINCT, 100, 100, 11);
        byte[][] frames = new byte[DISTINCT][];
        for (int i = 0; i < DISTINCT; i++) {
            int n = ZdabCodec.recordBytes(events[i]);
            byte[] f = new byte[Frames.HEADER_BYTES + n];
            ZdabCodec.encodeRecord(events[i], ByteBuffer.wrap(f), Frames.HEADER_BYTES);
            Frames.header(f, 0, Frames.RAWDATA, n);
            frames[i] = f;
        }
        return frames;
    }

    /** A dispatcher publishing the frames for ever (waiting for its {@code a} subscribers). */
    static final class Publisher implements AutoCloseable {
        final DispatchServer server;
        final Thread thread;
        volatile boolean running = true;

        Publisher(byte[][] frames) throws Exception {
            server = new DispatchServer(InetAddress.getLoopbackAddress(), 0, 32L << 20);
            thread = new Thread(() -> {
                int i = 0;
                try {
                    while (running) {
                        if (server.publish(Frames.RAWDATA, frames[i++ & DISTINCT - 1]) == 0) {
                            LockSupport.parkNanos(1_000_000); // nobody subscribed yet
                        }
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            }, "bench-dispatcher");
            thread.start();
        }

        @Override
        public void close() throws Exception {
            running = false;
            thread.interrupt();
            server.close();
            thread.join(5000);
        }
    }

    /** Counts what the reader publishes, keeps nothing. */
    static final class CountingSink implements EventSink {
        final AtomicLong events = new AtomicLong();
        volatile boolean open = true;

        @Override
        public void publish(Object event) {
            events.lazySet(events.get() + 1);
        }

        @Override
        public void publish(Object[] batch, int from, int to) {
            events.lazySet(events.get() + to - from);
        }

        @Override
        public void publish(Object[] batch, int from, int to, Object position) {
            events.lazySet(events.get() + to - from);
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
            throw new IllegalStateException(where + ": " + why);
        }

        @Override
        public void startRun(long run) {
        }
    }

    static void await(AtomicLong counter, long expected) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (counter.get() < expected) {
            LockSupport.parkNanos(100_000);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + counter.get() + " of " + expected + " events came");
            }
        }
    }

    @State(Scope.Benchmark)
    public static class ReaderState {
        Publisher publisher;
        CountingSink sink;
        Thread thread;
        long expected;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            publisher = new Publisher(frames());
            sink = new CountingSink();
            Reader reader = DispatcherReaders.loopback(publisher.server.port(), "a RAWDATA a RECHDR");
            thread = new Thread(() -> {
                try {
                    reader.read(sink);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "bench-reader");
            thread.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            sink.open = false;
            thread.interrupt();
            thread.join(5000);
            publisher.close();
        }
    }

    /** The reader: frames read, decoded into events and published, over loopback TCP. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reader(ReaderState s) {
        s.expected = Math.max(s.expected, s.sink.events.get()) + BATCH;
        await(s.sink.events, s.expected);
        return s.expected;
    }

    @State(Scope.Benchmark)
    public static class FramesState {
        Publisher publisher;
        DispatchConnection connection;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            publisher = new Publisher(frames());
            connection = DispatchConnection.connect("127.0.0.1", publisher.server.port(), 5000, 1000, 1 << 20);
            connection.subscribe("a RAWDATA");
            connection.always();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            connection.close();
            publisher.close();
        }
    }

    /** Baseline: the same frames off the same kind of connection, not decoded. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long framesOnly(FramesState s) throws Exception {
        long bytes = 0;
        for (int i = 0; i < BATCH;) {
            if (s.connection.next()) {
                bytes += s.connection.size();
                i++;
            }
        }
        return bytes;
    }

    @State(Scope.Benchmark)
    public static class MemoryState {
        byte[][] frames;
        ByteBuffer[] buffers;

        @Setup(Level.Trial)
        public void setUp() {
            frames = frames();
            buffers = new ByteBuffer[DISTINCT];
            for (int i = 0; i < DISTINCT; i++) {
                buffers[i] = ByteBuffer.wrap(frames[i]);
            }
        }
    }

    /** Baseline: the same payloads decoded from memory (no network, no reader). */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long decodeOnly(MemoryState s) throws Exception {
        long hits = 0;
        for (int i = 0; i < BATCH; i++) {
            ByteBuffer b = s.buffers[i & DISTINCT - 1];
            hits += ZdabCodec.decodeRawData(b, Frames.HEADER_BYTES, b.capacity() - Frames.HEADER_BYTES).nhit();
        }
        return hits;
    }

    @State(Scope.Benchmark)
    public static class LoopState {
        Publisher publisher;
        Engine engine;
        TrivialProcessors.Counted last;
        long expected;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            publisher = new Publisher(frames());
            Processor<?>[] ps = SnoProcessors.five();
            last = (TrivialProcessors.Counted) ps[ps.length - 1];
            engine = new Engine(new CoreSettings(1000, 10_000, 5000, 10, 1 << 16, 10_000, "bench", 10_000));
            for (int i = 0; i < ps.length; i++) {
                engine.bind("sno" + i, ps[i], Version.parseVersion("1.0.0"), "bench");
            }
            engine.addReader("dispatcher", DispatcherReaders.loopback(publisher.server.port(), "a RAWDATA a RECHDR"));
            engine.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            engine.stop(Duration.ofSeconds(5));
            publisher.close();
        }
    }

    /** End to end: the reader feeding the real loop and five SNO+ processors. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long throughTheLoop(LoopState s) {
        s.expected = Math.max(s.expected, s.last.n()) + BATCH;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (s.last.n() < s.expected) {
            LockSupport.parkNanos(200_000);
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("events lost: " + s.engine.processors());
            }
        }
        return s.expected;
    }

    @State(Scope.Benchmark)
    public static class LatencyState {
        DispatchServer server;
        Engine engine;
        TrivialProcessors.Counted counted;
        byte[][] frames;
        int next;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            frames = frames();
            server = new DispatchServer(InetAddress.getLoopbackAddress(), 0, 32L << 20);
            Processor<?>[] ps = SnoProcessors.five();
            counted = (TrivialProcessors.Counted) ps[ps.length - 1];
            engine = new Engine(new CoreSettings(1000, 10_000, 5000, 10, 1 << 16, 10_000, "bench", 10_000));
            for (int i = 0; i < ps.length; i++) {
                engine.bind("sno" + i, ps[i], Version.parseVersion("1.0.0"), "bench");
            }
            engine.addReader("dispatcher", DispatcherReaders.loopback(server.port(), "w RAWDATA w RECHDR"));
            engine.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (server.subscribers(Frames.RAWDATA) == 0 && System.nanoTime() < deadline) {
                LockSupport.parkNanos(1_000_000);
            }
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            engine.stop(Duration.ofSeconds(5));
            server.close();
        }
    }

    /**
     * One event from the dispatcher's publish to the last of five SNO+ processors' {@code event()},
     * through the reader and the real loop, with nothing else in flight.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public long latency(LatencyState s) throws InterruptedException {
        long before = s.counted.n();
        s.server.publish(Frames.RAWDATA, s.frames[s.next++ & DISTINCT - 1]);
        while (s.counted.n() == before) {
            Thread.onSpinWait();
        }
        return before;
    }

    /**
     * One event from the dispatcher's publish to a document that counts it, handed to the writers:
     * through the reader and the loop to the processors, then sampled at once ({@code snoop:sample},
     * as a tick arriving just then). A tick's document comes up to {@code sample.period.ms} later.
     */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object documentLatency(LatencyState s) throws Exception {
        long before = s.counted.n();
        s.server.publish(Frames.RAWDATA, s.frames[s.next++ & DISTINCT - 1]);
        while (s.counted.n() == before) {
            Thread.onSpinWait();
        }
        return s.engine.sampleNow("sno4", Duration.ofSeconds(10));
    }
}
