package org.snoplus.snoop.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
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
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.sno.zdab.ZdabFile;

/**
 * 100-hit SNO+ events end to end: a ZDAB file decoded by a reader thread, through the real event
 * loop, into five SNO+ processors ({@link SnoProcessors}); against the same five processors
 * called by hand on already-decoded events. One operation is one event.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SnoLoopBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn"})
public class SnoLoopBenchmark {

    static final int EVENTS = 50_000;

    private Path file;
    private PmtEvent[] decoded;
    private Processor<PmtEvent>[] byHand;
    private Engine engine;
    private final SynchronousQueue<Integer> requests = new SynchronousQueue<>();
    private TrivialProcessors.Counted last;
    private long expected;

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() throws IOException {
        decoded = SnoEvents.make(EVENTS, 100, 100, 7);
        file = SnoEvents.write(decoded, "loop");
        byHand = (Processor<PmtEvent>[]) SnoProcessors.five();
        Processor<?>[] ps = SnoProcessors.five();
        last = (TrivialProcessors.Counted) ps[ps.length - 1];
        engine = Delivered.start(ps, "sno", new Reader() {
            @Override
            public void read(EventSink sink) throws Exception {
                Object[] batch = new Object[256];
                while (sink.isOpen()) {
                    requests.take();
                    int n = 0;
                    try (ZdabFile z = ZdabFile.open(file)) {
                        Object o;
                        while ((o = z.next()) != null) {
                            batch[n++] = o;
                            if (n == batch.length) {
                                sink.publish(batch, 0, n);
                                n = 0;
                            }
                        }
                    }
                    sink.publish(batch, 0, n);
                }
            }
        });
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        engine.stop(Duration.ofSeconds(5));
    }

    /** Decode the file on the reader thread, deliver through the loop to five processors. */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long endToEnd() throws InterruptedException {
        expected += EVENTS;
        requests.put(1);
        Delivered.await(last, expected, engine, 200_000);
        return expected;
    }

    /** The five processors called by hand on decoded events (no decoding, no loop). */
    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public long processorsByHand() {
        for (PmtEvent e : decoded) {
            for (Processor<PmtEvent> p : byHand) {
                p.event(e);
            }
        }
        return ((TrivialProcessors.Counted) byHand[0]).n();
    }
}
