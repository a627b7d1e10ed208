package org.snoplus.snoop.query.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import org.snoplus.snoop.document.SampleDocument;
import org.snoplus.snoop.query.Cut;
import org.snoplus.snoop.query.Series;
import org.snoplus.snoop.query.SeriesQuery;
import org.snoplus.snoop.store.embedded.internal.EmbeddedStore;

/**
 * Speed of the embedded store and the query service, not a test: a store of 10 processors sampled
 * every second (1 000 000 documents by default, 100 000 s each), written in batches of 1000 (the
 * core's writer batch); then latency of a 1-hour series of one field (3600 documents), of a
 * 24-hour series down-sampled to 1000 points, and of the same with a cut on another processor,
 * without the cache and with it.
 *
 * <pre>
 * cd bundles/snoop-query
 * mvn -B -q test-compile exec:java -Dexec.classpathScope=test \
 *     -Dexec.mainClass=org.snoplus.snoop.query.internal.QueryBenchmark [-Dexec.args="DOCS DIR"]
 * </pre>
 *
 * With DIR, a store already there (of the same DOCS) is read rather than written again.
 */
public final class QueryBenchmark {

    private static final long T0 = 1764362400000L;
    private static final String[] NAMES = {"rate", "count", "nhit", "trigger", "occupancy", "charge", "timing",
        "runinfo", "crate", "diskusage"};
    private static final int BATCH = 1000;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int docs = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("snoop-bench");
        int seconds = docs / NAMES.length;
        boolean existing = Files.exists(dir.resolve("documents.mv.db"));

        EmbeddedStore store = EmbeddedStore.open(dir);
        if (!existing) {
            long start = System.nanoTime();
            List<SampleDocument> batch = new ArrayList<>(BATCH);
            Random random = new Random(1);
            for (int s = 0; s < seconds; s++) {
                for (String name : NAMES) {
                    batch.add(doc(name, T0 + s * 1000L, s, random));
                    if (batch.size() == BATCH) {
                        store.write(batch);
                        batch.clear();
                    }
                }
            }
            store.write(batch);
            store.flush();
            double secs = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "wrote %d documents in %.1f s: %.0f documents/s%n", docs, secs, docs / secs);
            store.close();
            store = EmbeddedStore.open(dir);
        }
        long bytes;
        try (Stream<Path> files = Files.list(dir)) {
            bytes = files.mapToLong(p -> p.toFile().length()).sum();
        }
        System.out.printf(Locale.ROOT, "store: %s, %d documents, %.0f MiB (%.0f bytes/document)%n", dir,
                store.count("rate", Long.MIN_VALUE, Long.MAX_VALUE) * NAMES.length, bytes / 1048576.0,
                (double) bytes / docs);
        System.out.println("example: " + org.snoplus.snoop.json.DocumentJson.toJson(store.latest("rate")));

        EmbeddedStore s = store;
        long span = seconds * 1000L;
        long hour = 3_600_000L;
        long day = 24 * hour;
        Random random = new Random(2);
        QueryEngine uncached = new QueryEngine(store, "embedded", 0);
        QueryEngine cached = new QueryEngine(store, "embedded", 256);

        measure("store range, 24 h of one processor, documents only", 10, 20, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            long[] n = {0};
            s.range("rate", from, from + day, d -> n[0]++);
            return n[0];
        });
        measure("1 h, one field, no cache", 50, 100, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - hour));
            return uncached.series(new SeriesQuery("rate", from, from + hour, List.of("data.rate"), List.of(), 0))
                    .documents();
        });
        measure("24 h, one field, 1000 points, no cache", 10, 30, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            return uncached.series(new SeriesQuery("rate", from, from + day, List.of("data.rate"), List.of(), 1000))
                    .documents();
        });
        measure("24 h, three fields, 1000 points, no cache", 10, 30, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            return uncached.series(new SeriesQuery("rate", from, from + day,
                    List.of("data.rate", "data.peak", "events"), List.of(), 1000)).documents();
        });
        measure("24 h, one field, 1000 points, cut on another processor, no cache", 10, 30, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            return uncached.series(new SeriesQuery("rate", from, from + day, List.of("data.rate"),
                    List.of(Cut.between("nhit", "data.mean", 10.0, null)), 1000)).documents();
        });
        measure("24 h, a histogram (array) field, 1000 points, no cache", 5, 10, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            return uncached.series(new SeriesQuery("nhit", from, from + day, List.of("data.hist"), List.of(), 1000))
                    .documents();
        });
        long fixedFrom = T0 + span / 10;
        SeriesQuery hourQuery = new SeriesQuery("rate", fixedFrom, fixedFrom + hour, List.of("data.rate"), List.of(), 0);
        SeriesQuery dayQuery = new SeriesQuery("rate", fixedFrom, fixedFrom + day, List.of("data.rate"), List.of(),
                1000);
        measure("1 h, one field, same query again (cache)", 50, 100, () -> cached.series(hourQuery).documents());
        measure("24 h, 1000 points, same query again (cache)", 50, 100, () -> cached.series(dayQuery).documents());
        measure("latest(rate, data.rate)", 1000, 10000, () -> cached.latest("rate", "data.rate"));
        measure("documents(rate, 24 h, newest 100)", 20, 100, () -> {
            long from = T0 + (long) (random.nextDouble() * (span - day));
            return uncached.documents("rate", from, from + day, 100).size();
        });
        Series check = uncached.series(dayQuery);
        System.out.println("24 h series: " + check.times().length + " points of " + check.documents() + " documents, "
                + "first " + Arrays.toString(check.values().get(0)));
        store.close();
    }

    private static void measure(String what, int warmup, int runs, Callable<Object> query) throws Exception {
        for (int i = 0; i < warmup; i++) {
            query.call();
        }
        double[] ms = new double[runs];
        Object result = null;
        for (int i = 0; i < runs; i++) {
            long t = System.nanoTime();
            result = query.call();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        Arrays.sort(ms);
        System.out.printf(Locale.ROOT, "%-70s median %8.3f ms  p90 %8.3f ms  max %8.3f ms  (%s)%n", what, ms[runs / 2],
                ms[runs * 9 / 10], ms[runs - 1], result);
    }

    /** A document like the example processors' and a little more: scalars, a nested object, a histogram. */
    private static SampleDocument doc(String name, long time, int s, Random random) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("events", 1000L + random.nextInt(50));
        data.put("seconds", 1.0 + random.nextGaussian() * 1e-4);
        data.put("rate", 1000.0 + random.nextGaussian() * 30);
        data.put("peak", 1100.0 + random.nextGaussian() * 10);
        data.put("mean", 20.0 + random.nextGaussian() * 5);
        data.put("total", 1000L * s);
        data.put("status", s % 100 == 0 ? "check" : "ok");
        Map<String, Object> crate = new LinkedHashMap<>();
        crate.put("hot", (long) random.nextInt(5));
        crate.put("dead", (long) random.nextInt(3));
        data.put("channels", crate);
        if (name.equals("nhit") || name.equals("charge") || name.equals("timing")) {
            List<Long> counts = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                counts.add((long) random.nextInt(100));
            }
            data.put("hist", Map.of("counts", counts, "low", 0.0, "high", 320.0));
        }
        return new SampleDocument(SampleDocument.idOf(name, "daq1", time), name, time, time - 1000, time, s,
                "1.0.0.202611281200", "daq1", 300000 + s / 3600, 1000, data);
    }
}
