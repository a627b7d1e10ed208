package org.snoplus.snoop.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import org.snoplus.snoop.query.QueryLimits;
import org.snoplus.snoop.query.QueryService;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.query.internal.Engines;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;

/**
 * "A plot of the last day, opened again": a day of one processor's documents at a 2 s period
 * (43 200, each with six numbers and a 100-bin histogram, as the rate and nhit processors write
 * them) in the embedded store; each operation adds the next document (a period later) and asks
 * for three of the numbers over the last day, down-sampled to 1000 points, as a page does when it
 * is opened. {@code fromStore}: the query service reading the day from the store each time (answer
 * cache off, as every question of a moving range misses it); {@code fromColumns}: the same with
 * the fields kept column by column ({@code series.cache.mb}), reading only the new document.
 * {@code byHand} is the floor: the same down-sampling done by hand on three {@code double[]} of a
 * day already in memory.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar SeriesBenchmark -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class SeriesBenchmark {

    static final long PERIOD = 2000;
    static final int DAY = 43_200;
    static final int POINTS = 1000;
    static final long T = 1764362400000L;
    static final List<String> FIELDS = List.of("data.rate", "data.median", "data.events");

    private Path dir;
    private EmbeddedStore store;
    private QueryService fromStore;
    private QueryService fromColumns;
    private long next;
    private double[][] inMemory;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("snoop-series-bench");
        store = EmbeddedStore.open(dir);
        List<SampleDocument> batch = new ArrayList<>();
        inMemory = new double[FIELDS.size()][DAY];
        for (int i = 0; i < DAY; i++) {
            batch.add(document(i));
            inMemory[0][i] = rate(i);
            inMemory[1][i] = median(i);
            inMemory[2][i] = events(i);
            if (batch.size() == 1000) {
                store.write(batch);
                batch.clear();
            }
        }
        store.write(batch);
        next = DAY;
        fromStore = Engines.over(store, 0, 0);
        fromColumns = Engines.over(store, 0, 64L << 20);
        Series a = fromStore.series(question(T + DAY * PERIOD), QueryLimits.none());
        Series b = fromColumns.series(question(T + DAY * PERIOD), QueryLimits.none());
        if (a.documents() != DAY || b.documents() != DAY || !a.values().get(500)[0].equals(b.values().get(500)[0])) {
            throw new IllegalStateException("the two answers differ: " + a.documents() + ", " + b.documents());
        }
    }

    private static double rate(long i) {
        return 1000 + (i % 97) * 0.5;
    }

    private static double median(long i) {
        return 20 + (i % 13);
    }

    private static long events(long i) {
        return 2000 + i % 7;
    }

    private static SampleDocument document(long i) {
        long time = T + (i + 1) * PERIOD;
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("rate", rate(i));
        data.put("median", median(i));
        data.put("events", events(i));
        data.put("mean", 21.5);
        data.put("max", 180L);
        data.put("min", 3L);
        long[] bins = new long[100];
        bins[(int) (i % 100)] = 2000;
        data.put("histogram", Map.of("bins", bins, "lo", 0, "hi", 500));
        return new SampleDocument(SampleDocument.idOf("nhit", "daq1", time), "nhit", time, time - PERIOD, time, i,
                "1.0.0", "daq1", 300000, 2000, data);
    }

    private static SeriesQuery question(long now) {
        return new SeriesQuery("nhit", now - DAY * PERIOD, now + 1, FIELDS, List.of(), POINTS);
    }

    /** The next period's document, and the last day up to it. */
    private Series moveOn(QueryService query) throws Exception {
        long i = next++;
        store.write(List.of(document(i)));
        return query.series(question(T + (i + 1) * PERIOD), QueryLimits.none());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        store.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public Series fromStore() throws Exception {
        return moveOn(fromStore);
    }

    @Benchmark
    public Series fromColumns() throws Exception {
        return moveOn(fromColumns);
    }

    @Benchmark
    public double[][] byHand() {
        double[][] means = new double[FIELDS.size()][POINTS];
        for (int f = 0; f < means.length; f++) {
            double[] values = inMemory[f];
            double[] m = means[f];
            int[] n = new int[POINTS];
            for (int i = 0; i < values.length; i++) {
                int b = (int) ((long) i * POINTS / values.length);
                m[b] += values[i];
                n[b]++;
            }
            for (int b = 0; b < POINTS; b++) {
                m[b] /= n[b];
            }
        }
        return means;
    }
}
