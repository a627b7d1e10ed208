package org.snoplus.snoop.benchmarks;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.processor.Processor;
import org.snoplus.snoop.query.Aggregate;
import org.snoplus.snoop.query.AggregateQuery;
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.internal.Engines;
import org.snoplus.snoop.sno.PmtEvent;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;
import org.snoplus.snoop.testing.Configs;

/**
 * "The occupancy of the last hour": one hour of the occupancy processor's documents at a 2 s
 * period (1800 windows of 2000 100-hit events, made by the real processor), stored in the embedded
 * store, and merged by the query service's aggregation — the detector map summed channel by
 * channel, and the events (answer cache off: every operation reads and merges the 1800 documents).
 * The baseline is the same sum done by hand on the 1800 arrays already in memory.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar AggregateBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class AggregateBenchmark {

    static final long PERIOD = 2000;
    static final int WINDOWS = 1800;
    static final int EVENTS_PER_WINDOW = 2000;
    static final long T = 1764362400000L;

    private Path dir;
    private EmbeddedStore store;
    private QueryService query;
    private long[][] inMemory;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("snoop-aggregate-bench");
        store = EmbeddedStore.open(dir);
        Processor<PmtEvent> occupancy = activated("org.snoplus.snoop.processor.occupancy.internal.ChannelOccupancy");
        PmtEvent[] events = SnoEvents.make(4096, 100, 100, 11);
        inMemory = new long[WINDOWS][];
        List<SampleDocument> batch = new ArrayList<>();
        int e = 0;
        for (int w = 0; w < WINDOWS; w++) {
            for (int i = 0; i < EVENTS_PER_WINDOW; i++) {
                occupancy.event(events[e++ & 4095]);
            }
            Map<String, Object> data = occupancy.sample();
            inMemory[w] = ((long[]) ((Map<?, ?>) data.get("channels")).get("values")).clone();
            long time = T + (w + 1) * PERIOD;
            batch.add(new SampleDocument(SampleDocument.idOf("occupancy", "daq1", time), "occupancy", time,
                    time - PERIOD, time, w, "1.0.0", "daq1", 300000, EVENTS_PER_WINDOW, data));
            if (batch.size() == 100) {
                store.write(batch);
                batch.clear();
            }
        }
        query = Engines.over(store, 0);
        Aggregate check = aggregateHour();
        if (check.documents() != WINDOWS) {
            throw new IllegalStateException("the hour holds " + check.documents() + " documents, not " + WINDOWS);
        }
        long[] merged = (long[]) ((Map<?, ?>) check.data().get("data.channels")).get("values");
        long[] byHand = sumByHand();
        if (!java.util.Arrays.equals(merged, byHand)) {
            throw new IllegalStateException("the aggregate differs from the sum by hand");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        TempDirs.delete(dir);
    }

    @SuppressWarnings("unchecked")
    static <E> Processor<E> activated(String className) throws Exception {
        Class<?> c = Class.forName(className);
        var ctor = c.getDeclaredConstructor();
        ctor.setAccessible(true);
        Object p = ctor.newInstance();
        for (Method m : c.getDeclaredMethods()) {
            if (m.getName().equals("activate") && m.getParameterCount() == 1) {
                m.setAccessible(true);
                m.invoke(p, Configs.of(m.getParameterTypes()[0]));
            }
        }
        return (Processor<E>) p;
    }

    @Benchmark
    public Aggregate aggregateHour() throws Exception {
        return query.aggregate(AggregateQuery.range("occupancy", T, T + WINDOWS * PERIOD + 1,
                List.of("data.channels", "data.events")), QueryLimits.none());
    }

    @Benchmark
    public long[] sumByHand() {
        long[] sum = new long[inMemory[0].length];
        for (long[] window : inMemory) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += window[i];
            }
        }
        return sum;
    }
}
