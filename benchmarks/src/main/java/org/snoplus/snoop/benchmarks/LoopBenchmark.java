package org.snoplus.snoop.benchmarks;

import java.time.Duration;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;

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
import org.snoplus.snoop.core.internal.Engine;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.reader.EventSink;
import org.snoplus.snoop.reader.Reader;

/**
 * Events per second through ten trivial processors: the real event loop (a reader thread
 * publishing into the ring, the loop thread delivering) against a hand-written loop calling the
 * same ten processors on one thread. One operation is one event.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar LoopBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class LoopBenchmark {

    static final int EVENTS = 1 << 22;
    static final int BATCH = 256;

    private Object[] events;
    private Processor<Object>[] processors;
    private Engine engine;
    private final SynchronousQueue<Integer> requests = new SynchronousQueue<>();
    private TrivialProcessors.Counted last;
    private long expected;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        // distinct event objects, as a reader would produce, reused across operations
        events = new Object[1024];
        for (int i = 0; i < events.length; i++) {
            events[i] = Long.valueOf(1_000_000 + i);
        }
        processors = (Processor<Object>[]) TrivialProcessors.ten();
        Processor<?>[] forLoop = TrivialProcessors.ten();
        last = (TrivialProcessors.Counted) forLoop[forLoop.length - 1];
        engine = Delivered.start(forLoop, "p", new Reader() {
            @Override
            public void read(EventSink sink) throws Exception {
                Object[] ev = events;
                while (sink.isOpen()) {
                    int n = requests.take();
                    for (int i = 0; i < n; i += BATCH) {
                        int from = i & (ev.length - 1);
                        sink.publish(ev, from, from + BATCH);
                    }
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.stop(Duration.ofSeconds(5));
    }

    /** The real loop: the reader thread publishes EVENTS events; wait until the last processor saw them. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long eventLoop() throws InterruptedException {
        expected += EVENTS;
        requests.put(EVENTS);
        Delivered.await(last, expected, engine, 1_000_000);
        return expected;
    }

    /** The baseline: the same ten processors called by hand, event by event. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long handWritten() {
        Object[] ev = events;
        Processor<Object>[] ps = processors;
        int mask = ev.length - 1;
        for (int i = 0; i < EVENTS; i++) {
            Object e = ev[i & mask];
            for (Processor<Object> p : ps) {
                p.event(e);
            }
        }
        return ((TrivialProcessors.Counted) ps[0]).n();
    }
}
